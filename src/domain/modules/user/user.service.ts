import type { Page, PageQuery } from '../../shared/pagination';
import type { User, UserRole } from './user.entity';

export interface RegisterUserInput {
  cpf: string;
  name: string;
  email: string;
  password?: string;
  role?: UserRole;
  /** True when an admin or a service registers the user (see UserAccessPolicy.vouches). */
  identityVerified?: boolean;
}

export interface UpdateUserInput {
  name?: string;
  email?: string;
  password?: string;
  /** Proof required when users change their own e-mail or password. */
  currentPassword?: string;
}

/** Decided by UserAccessPolicy.change before the update: whose change it is and what it must prove. */
export interface UpdateTerms {
  self: boolean;
  requiresCurrentPassword: boolean;
}

export interface IUserService {
  register(input: RegisterUserInput): Promise<User>;
  getByCpf(cpf: string): Promise<User>;
  /** Someone else setting a password is a reset (audited as such); the user's sessions end either way. */
  update(cpf: string, changes: UpdateUserInput, terms: UpdateTerms): Promise<User>;
  getById(id: number): Promise<User>;
  deactivate(cpf: string): Promise<User>;
  activate(cpf: string): Promise<User>;
  listActive(query: PageQuery<number>): Promise<Page<User, number>>;
}

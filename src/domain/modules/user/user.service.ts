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
}

export interface IUserService {
  register(input: RegisterUserInput): Promise<User>;
  getByCpf(cpf: string): Promise<User>;
  update(cpf: string, changes: UpdateUserInput): Promise<User>;
  deactivate(cpf: string): Promise<User>;
  activate(cpf: string): Promise<User>;
  listActive(query: PageQuery<number>): Promise<Page<User, number>>;
}

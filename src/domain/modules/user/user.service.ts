import type { Page, PageQuery } from '../../shared/pagination';
import type { Principal } from '../auth/principal';
import type { User, UserRole } from './user.entity';

export interface RegisterUserInput {
  cpf: string;
  name: string;
  email: string;
  password?: string;
  role?: UserRole;
}

export interface UpdateUserInput {
  name?: string;
  email?: string;
  password?: string;
  /** Proof required when users change their own e-mail or password. */
  currentPassword?: string;
}

/**
 * The user use cases. Each takes the caller and asks UserAccessPolicy before acting: someone else's
 * record answers UserNotFoundError, a missing scope or role ForbiddenError. Callers outside HTTP
 * (the CLI, the first start) act as CONSOLE_OPERATOR.
 */
export interface IUserService {
  /** `actor` is null for an anonymous sign-up; an admin or `users:write` service vouches for the identity. */
  register(actor: Principal | null, input: RegisterUserInput): Promise<User>;
  get(actor: Principal, cpf: string): Promise<User>;
  /** Someone else setting a password is a reset (audited as such); the user's sessions end either way. */
  update(actor: Principal, cpf: string, changes: UpdateUserInput): Promise<User>;
  deactivate(actor: Principal, cpf: string): Promise<User>;
  activate(actor: Principal, cpf: string): Promise<User>;
  listActive(actor: Principal, query: PageQuery<number>): Promise<Page<User, number>>;
}

import type { User } from './user.entity';

/**
 * Lets other modules react to user changes inside the same transaction as the change itself:
 * auth revokes refresh tokens, the financial module freezes accounts.
 */
export interface IUserLifecycleListener {
  userDeactivated(user: User): Promise<void>;
  userActivated(user: User): Promise<void>;
  passwordChanged(user: User): Promise<void>;
}

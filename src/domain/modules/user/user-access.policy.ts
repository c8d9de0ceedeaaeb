import { ValidationError } from '../../shared/domain-error';
import { ForbiddenError, UnauthenticatedError } from '../auth/auth.errors';
import { type Principal, type Scope, canReachAll, hasScope, isAdmin } from '../auth/principal';
import type { User, UserRole } from './user.entity';
import { UserNotFoundError } from './user.errors';

export type UserAction = 'read' | 'change' | 'deactivate' | 'activate';

/** The fields a PATCH touches; e-mail and password are credentials (they log in, or recover a login). */
export interface UserChange {
  name?: unknown;
  email?: unknown;
  password?: unknown;
}

/** How a permitted change must be made: a change of one's own credentials proves the current password. */
export interface ChangeTerms {
  self: boolean;
  requiresCurrentPassword: boolean;
}

const SCOPE: Record<UserAction, Scope> = {
  read: 'users:read',
  change: 'users:write',
  deactivate: 'users:write',
  activate: 'users:write',
};

const touchesCredentials = (change: UserChange): boolean => change.email !== undefined || change.password !== undefined;
const isSelf = (principal: Principal, target: User): boolean => principal.kind === 'user' && principal.userId === target.id;

/**
 * Who may do what to user records (the "who" column of the users routes, hardened):
 * - a customer reaches only their own record: read, change (credentials with the current
 *   password), deactivate; never activate;
 * - an admin reaches everyone, but changes another admin's name only (never their credentials),
 *   and never activates themself;
 * - a service with `users:write` changes a customer's name and e-mail and (de)activates customers;
 *   no scope changes a password, and no service changes an admin at all. `users:read` reads anyone.
 * Someone else's record is reported as not found (no existence leak); a missing scope or role as forbidden.
 */
export const UserAccessPolicy = {
  /** Registration: open while self sign-up is on; only an admin may choose a role (no mass assignment). */
  register(principal: Principal | null, role: UserRole | undefined, selfSignup: boolean): void {
    if (role !== undefined && (principal === null || !isAdmin(principal))) {
      throw new ValidationError('role', 'only an admin may set a role');
    }
    if (selfSignup) return;
    if (principal === null) throw new UnauthenticatedError();
    if (!canReachAll(principal, 'users:write')) throw new ForbiddenError();
  },

  /** An admin or a `users:write` service registering someone vouches for that person's CPF and e-mail. */
  vouches(principal: Principal | null): boolean {
    return principal !== null && canReachAll(principal, 'users:write');
  },

  list(principal: Principal): void {
    if (!canReachAll(principal, 'users:read')) throw new ForbiddenError();
  },

  /** Before any user is loaded: a service lacking the scope learns nothing about who exists. */
  attempt(principal: Principal, action: UserAction): void {
    if (principal.kind === 'service' && !hasScope(principal, SCOPE[action])) throw new ForbiddenError();
  },

  /**
   * Whether the caller can reach users other than themself. When not, the only record it may name is
   * its own: compared before anything is loaded, so someone else's CPF costs the same whether it exists.
   */
  reachesOthers(principal: Principal, action: UserAction): boolean {
    return canReachAll(principal, SCOPE[action]);
  },

  /** Once the target is loaded. */
  reach(principal: Principal, action: UserAction, target: User): void {
    if (!canReachAll(principal, SCOPE[action])) {
      if (!isSelf(principal, target)) throw new UserNotFoundError();
      if (action === 'activate') throw new ForbiddenError('Nobody may activate themself');
      return;
    }
    if (action === 'read') return;
    if (principal.kind === 'service' && target.role === 'admin') throw new ForbiddenError('No service may change an admin');
    if (action === 'activate' && isSelf(principal, target)) throw new ForbiddenError('Nobody may activate themself');
  },

  /** For `change`, once reach() allowed it: which fields this caller may touch on this target, and how. */
  change(principal: Principal, target: User, change: UserChange): ChangeTerms {
    const self = isSelf(principal, target);
    if (self) return { self, requiresCurrentPassword: touchesCredentials(change) };
    if (principal.kind === 'service' && change.password !== undefined) throw new ForbiddenError('No service may change a password');
    if (isAdmin(principal) && target.role === 'admin' && touchesCredentials(change)) {
      throw new ForbiddenError("An admin's e-mail and password are changed only by that admin");
    }
    return { self, requiresCurrentPassword: false };
  },
};

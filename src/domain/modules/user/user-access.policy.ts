import { ValidationError } from '../../shared/domain-error';
import { ForbiddenError, UnauthenticatedError } from '../auth/auth.errors';
import { type Principal, type Scope, canReachAll, hasScope, isAdmin } from '../auth/principal';
import type { User, UserRole } from './user.entity';
import { UserNotFoundError } from './user.errors';

export type UserAction = 'read' | 'change' | 'deactivate' | 'activate';

/** SPEC section 5, "who" column of the users routes: the scope that reaches every user, and whether the user may act on themself. */
const RULES: Record<UserAction, { scope: Scope; self: boolean }> = {
  read: { scope: 'users:read', self: true },
  change: { scope: 'users:write', self: true },
  deactivate: { scope: 'users:write', self: true },
  activate: { scope: 'users:write', self: false },
};

/**
 * Who may do what to user records. Someone else's record is reported as not found (no existence
 * leak); a missing scope or role as forbidden.
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

  /** Before the target is loaded: a service lacking the scope learns nothing about who exists. */
  attempt(principal: Principal, action: UserAction): void {
    if (principal.kind === 'service' && !hasScope(principal, RULES[action].scope)) throw new ForbiddenError();
  },

  /** Once the target is loaded. */
  reach(principal: Principal, action: UserAction, target: User): void {
    const rule = RULES[action];
    if (canReachAll(principal, rule.scope)) return;
    if (principal.kind === 'user' && principal.userId === target.id) {
      if (rule.self) return;
      throw new ForbiddenError();
    }
    throw new UserNotFoundError();
  },
};

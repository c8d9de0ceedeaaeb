import { ValidationError } from '../../shared/domain-error';
import { ForbiddenError, UnauthenticatedError } from '../auth/auth.errors';
import { type Principal, type Scope, canReachAll, hasScope, isAdmin } from '../auth/principal';
import type { User, UserRole } from './user.entity';
import { UserNotFoundError } from './user.errors';

/** What a caller does to one existing user record. */
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
const isSelf = (actor: Principal, target: User): boolean => actor.kind === 'user' && actor.userId === target.id;

/**
 * Who may do what to user records (the "who" column of the users routes, hardened):
 * - a customer reaches only their own record: read, change (credentials with the current
 *   password), deactivate; never activate;
 * - an admin reaches everyone, but changes another admin's name only (never their credentials),
 *   and never activates themself;
 * - a service with `users:write` changes a customer's name and e-mail and (de)activates customers;
 *   no scope changes a password, and no service changes an admin at all. `users:read` reads anyone.
 * Someone else's record is reported as not found (no existence leak); a missing scope or role as forbidden.
 *
 * A record is judged in two steps, so that a caller learns nothing before it is entitled to:
 * `assertMayAttempt` and `reachesOthers` before any lookup, then the action's own method on the target.
 */
export class UserAccessPolicy {
  /** Registration: open while self sign-up is on; only an admin may choose a role (no mass assignment). */
  assertCanRegister(actor: Principal | null, role: UserRole | undefined, selfSignup: boolean): void {
    if (role !== undefined && (actor === null || !isAdmin(actor))) {
      throw new ValidationError('role', 'only an admin may set a role');
    }
    if (selfSignup) return;
    if (actor === null) throw new UnauthenticatedError();
    if (!canReachAll(actor, 'users:write')) throw new ForbiddenError();
  }

  /** An admin or a `users:write` service registering someone vouches for that person's CPF and e-mail. */
  vouchesForIdentity(actor: Principal | null): boolean {
    return actor !== null && canReachAll(actor, 'users:write');
  }

  assertCanList(actor: Principal): void {
    if (!canReachAll(actor, 'users:read')) throw new ForbiddenError();
  }

  /** Before any user is loaded: a service lacking the scope learns nothing about who exists. */
  assertMayAttempt(actor: Principal, action: UserAction): void {
    if (actor.kind === 'service' && !hasScope(actor, SCOPE[action])) throw new ForbiddenError();
  }

  /**
   * Whether the caller can reach users other than themself. When not, the only record it may name is
   * its own: compared before anything is loaded, so someone else's CPF costs the same whether it exists.
   */
  reachesOthers(actor: Principal, action: UserAction): boolean {
    return canReachAll(actor, SCOPE[action]);
  }

  assertCanRead(actor: Principal, target: User): void {
    this.assertReaches(actor, 'read', target);
  }

  /** Which fields this caller may touch on this target, and how the change must be made. */
  assertCanUpdate(actor: Principal, target: User, change: UserChange): ChangeTerms {
    this.assertReaches(actor, 'change', target);
    this.assertNoServiceOnAdmin(actor, target);
    const self = isSelf(actor, target);
    if (self) return { self, requiresCurrentPassword: touchesCredentials(change) };
    if (actor.kind === 'service' && change.password !== undefined) throw new ForbiddenError('No service may change a password');
    if (isAdmin(actor) && target.role === 'admin' && touchesCredentials(change)) {
      throw new ForbiddenError("An admin's e-mail and password are changed only by that admin");
    }
    return { self, requiresCurrentPassword: false };
  }

  assertCanDeactivate(actor: Principal, target: User): void {
    this.assertReaches(actor, 'deactivate', target);
    this.assertNoServiceOnAdmin(actor, target);
  }

  /** Reactivation is always someone else's decision: a deactivated user cannot undo it alone. */
  assertCanActivate(actor: Principal, target: User): void {
    this.assertReaches(actor, 'activate', target);
    this.assertNoServiceOnAdmin(actor, target);
    if (isSelf(actor, target)) throw new ForbiddenError('Nobody may activate themself');
  }

  /** The owner, or anyone holding the action's reach over all users; anyone else is told it does not exist. */
  private assertReaches(actor: Principal, action: UserAction, target: User): void {
    if (!this.reachesOthers(actor, action) && !isSelf(actor, target)) throw new UserNotFoundError();
  }

  private assertNoServiceOnAdmin(actor: Principal, target: User): void {
    if (actor.kind === 'service' && target.role === 'admin') throw new ForbiddenError('No service may change an admin');
  }
}

/** The policy holds no state: one instance serves every caller. */
export const userAccessPolicy = new UserAccessPolicy();

import { ForbiddenError } from '../auth/auth.errors';
import { canReach, canReachAll, hasScope, type Principal, type Scope } from '../auth/principal';
import type { DomainError } from '../../shared/domain-error';

/**
 * A service client without the scope is refused outright (403). Anyone else who may not reach
 * the owner's resource is told it does not exist (404), so ids of others' accounts leak nothing.
 * Resources without an owner (system accounts) are reachable only by admins and the scope.
 */
export function assertCanReach(actor: Principal, ownerId: number | null, scope: Scope, notFound: () => DomainError): void {
  assertServiceHasScope(actor, scope);
  const reachable = ownerId === null ? canReachAll(actor, scope) : canReach(actor, ownerId, scope);
  if (!reachable) throw notFound();
}

/** 403 early for a service client lacking the scope, before anything is looked up. */
export function assertServiceHasScope(actor: Principal, scope: Scope): void {
  if (actor.kind === 'service' && !hasScope(actor, scope)) throw new ForbiddenError();
}

/** Admin-only operations: everyone else lacks the permission (403). */
export function assertCanReachAll(actor: Principal, scope: Scope): void {
  if (!canReachAll(actor, scope)) throw new ForbiddenError();
}

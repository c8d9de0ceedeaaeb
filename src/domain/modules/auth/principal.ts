import type { UserRole } from '../user/user.entity';

export const SCOPES = ['users:read', 'users:write', 'accounts:read', 'accounts:write', 'payments:write', 'ledger:admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling: an end user (by id, never by CPF) or an internal service client with scopes. */
export type Principal =
  | { kind: 'user'; userId: number; role: UserRole }
  | { kind: 'service'; clientId: string; scopes: readonly Scope[] };

export const isAdmin = (principal: Principal): boolean => principal.kind === 'user' && principal.role === 'admin';

export const hasScope = (principal: Principal, scope: Scope): boolean =>
  principal.kind === 'service' && principal.scopes.includes(scope);

/** Admins and services holding `scope` reach every resource of the kind; nobody else does. */
export const canReachAll = (principal: Principal, scope: Scope): boolean => isAdmin(principal) || hasScope(principal, scope);

/** The owner reaches their own resource; admins and services with `scope` reach all. */
export const canReach = (principal: Principal, ownerId: number, scope: Scope): boolean =>
  canReachAll(principal, scope) || (principal.kind === 'user' && principal.userId === ownerId);

/** Stable identity for per-principal scoping (idempotency keys, rate limits). */
export const principalKey = (principal: Principal): string =>
  principal.kind === 'user' ? `user:${principal.userId}` : `service:${principal.clientId}`;

import type { UserRole } from '../user/user.entity';

export const SCOPES = ['users:read', 'users:write', 'accounts:read', 'accounts:write', 'payments:write', 'ledger:admin', 'webhooks:admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling: an end user (by id, never by CPF) or an internal service client with scopes. */
export type Principal =
  | { kind: 'user'; userId: number; role: UserRole }
  | { kind: 'service'; clientId: string; scopes: readonly Scope[] };

/**
 * Whoever runs the CLI or starts the first development server: they hold the machine, so they act
 * as an admin. User id 0 is nobody's (ids start at 1), so the operator is never "self" to a record.
 */
export const CONSOLE_OPERATOR: Principal = Object.freeze({ kind: 'user', userId: 0, role: 'admin' });

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

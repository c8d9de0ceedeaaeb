import type { FincoreApp } from '../../src/config/composition-root';
import type { IAccessTokenIssuer } from '../../src/domain/modules/auth/access-token.port';
import { AUTH_TYPES } from '../../src/domain/modules/auth/auth.types';
import { type Principal, type Scope, principalKey } from '../../src/domain/modules/auth/principal';

/**
 * `Authorization` header value for a principal, signed by the app's own issuer, at session version 0
 * (a principal whose sessions were never ended). The principal must exist and be active, as in
 * production: createTestApp registers the `test-service` client that `asService` speaks for.
 */
export function bearerFor(app: FincoreApp, principal: Principal): string {
  const issuer = app.container.get<IAccessTokenIssuer>(AUTH_TYPES.IAccessTokenIssuer);
  return `Bearer ${issuer.issue(principal, 0).token}`;
}

export const asUser = (app: FincoreApp, userId: number, role: 'customer' | 'admin' = 'customer') =>
  bearerFor(app, { kind: 'user', userId, role });

export const asService = (app: FincoreApp, ...scopes: Scope[]) =>
  bearerFor(app, { kind: 'service', clientId: 'test-service', scopes });

/** Like bearerFor, at the principal's current session version: a "new login" after its sessions were ended. */
export async function freshBearerFor(app: FincoreApp, principal: Principal): Promise<string> {
  const row = await app.db('session_versions').where({ principal: principalKey(principal) }).first('version');
  const issuer = app.container.get<IAccessTokenIssuer>(AUTH_TYPES.IAccessTokenIssuer);
  return `Bearer ${issuer.issue(principal, row ? Number(row.version) : 0).token}`;
}

import type { FincoreApp } from '../../src/config/composition-root';
import type { IAccessTokenIssuer } from '../../src/domain/modules/auth/access-token.port';
import { AUTH_TYPES } from '../../src/domain/modules/auth/auth.types';
import type { Principal, Scope } from '../../src/domain/modules/auth/principal';

/** `Authorization` header value for a principal, signed by the app's own issuer. */
export function bearerFor(app: FincoreApp, principal: Principal): string {
  const issuer = app.container.get<IAccessTokenIssuer>(AUTH_TYPES.IAccessTokenIssuer);
  return `Bearer ${issuer.issue(principal).token}`;
}

export const asUser = (app: FincoreApp, userId: number, role: 'customer' | 'admin' = 'customer') =>
  bearerFor(app, { kind: 'user', userId, role });

export const asService = (app: FincoreApp, ...scopes: Scope[]) =>
  bearerFor(app, { kind: 'service', clientId: 'test-service', scopes });

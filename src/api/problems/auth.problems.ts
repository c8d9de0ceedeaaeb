import type { AuthErrorCode } from '../../domain/modules/auth/auth.error-codes';
import type { ProblemKind } from './problem';

/** Raised by the token endpoint's own request checks, not by a domain error. */
type TokenEndpointCode = 'INVALID_TOKEN_REQUEST' | 'UNSUPPORTED_GRANT_TYPE';

const BEARER_CHALLENGE = { 'WWW-Authenticate': 'Bearer' };

/**
 * Login, refresh, SSO and the OAuth 2 token endpoint. The token endpoint writes OAuth 2 error
 * bodies rather than problem+json (RFC 6749 section 5.2), but takes its statuses from here too.
 * A row for every auth error (a new error class without one does not compile), and for the codes
 * the token endpoint raises itself.
 */
export const AUTH_PROBLEMS = {
  UNAUTHENTICATED: { status: 401, title: 'Authentication required', headers: BEARER_CHALLENGE },
  FORBIDDEN: { status: 403, title: 'Missing permission' },
  INVALID_CREDENTIALS: { status: 401, title: 'Invalid credentials', headers: BEARER_CHALLENGE },
  INVALID_REFRESH_TOKEN: { status: 401, title: 'Invalid refresh token', headers: BEARER_CHALLENGE },
  SSO_LOGIN_REFUSED: { status: 401, title: 'SSO login refused', headers: BEARER_CHALLENGE },
  SSO_IDENTITY_IN_USE: { status: 409, title: 'SSO identity linked to another user' },
  SSO_IDENTITY_MISMATCH: { status: 409, title: 'SSO identity of another person' },
  SSO_NOT_CONFIGURED: { status: 501, title: 'SSO not configured' },
  SSO_UNAVAILABLE: { status: 503, title: 'Identity provider unavailable', headers: { 'Retry-After': '5' } },
  SERVICE_CLIENT_NOT_FOUND: { status: 404, title: 'Service client not found' },
  SERVICE_CLIENT_DISABLED: { status: 409, title: 'Service client disabled' },
  INVALID_CLIENT: { status: 401, title: 'Invalid client', headers: { 'WWW-Authenticate': 'Basic realm="fincore", charset="UTF-8"' } },
  INVALID_SCOPE: { status: 400, title: 'Invalid scope' },
  INVALID_TOKEN_REQUEST: { status: 400, title: 'Invalid token request' },
  UNSUPPORTED_GRANT_TYPE: { status: 400, title: 'Unsupported grant type' },
} satisfies Record<AuthErrorCode | TokenEndpointCode, ProblemKind>;

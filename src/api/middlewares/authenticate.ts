import type { RequestHandler } from 'express';
import type { IAccessTokenVerifier, VerifiedAccessToken } from '../../domain/modules/auth/access-token.port';
import { UnauthenticatedError } from '../../domain/modules/auth/auth.errors';
import { principalKey } from '../../domain/modules/auth/principal';
import type { ISessionGuard } from '../../domain/modules/auth/session-guard.port';

export interface AuthenticateOptions {
  /** Only paths under this prefix are guarded (the versioned API); others answer 404 as usual. */
  protectedPrefix: string;
  /** Exact paths (or prefixes ending in '/') reachable without a token; a token, if sent, is still checked. */
  anonymousPaths: readonly string[];
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/i;

/**
 * Establishes `res.locals.principal` from a Bearer access token whose session is still open (a
 * deactivation, a password change or a logout everywhere ends it). Every failure reaches Express'
 * error path, as a 401 problem or, when the session cannot be checked, as the error itself: no
 * request is ever left hanging on a rejected promise (as the AuthProvider of
 * inversify-express-utils would leave it).
 */
export function authenticate(verifier: IAccessTokenVerifier, sessions: ISessionGuard, options: AuthenticateOptions): RequestHandler {
  const isAnonymous = (path: string) =>
    options.anonymousPaths.some((p) => (p.endsWith('/') ? path.startsWith(p) : path === p));
  return (req, res, next) => {
    if (!req.path.startsWith(options.protectedPrefix)) return next();
    const header = req.get('Authorization');
    // On anonymous routes another scheme is not ours to judge (HTTP Basic on the OAuth 2 token endpoint).
    if (header === undefined || (isAnonymous(req.path) && !/^bearer\s/i.test(header))) {
      next(isAnonymous(req.path) ? undefined : new UnauthenticatedError());
      return;
    }
    const match = BEARER.exec(header);
    let verified: VerifiedAccessToken;
    try {
      if (!match) throw new UnauthenticatedError();
      verified = verifier.verify(match[1]);
    } catch (error) {
      next(error instanceof UnauthenticatedError ? error : new UnauthenticatedError());
      return;
    }
    sessions.isCurrent(verified.principal, verified.sessionVersion).then((current) => {
      if (!current) return next(new UnauthenticatedError());
      res.locals.principal = verified.principal;
      res.locals.principalId = principalKey(verified.principal);
      next();
    }, next);
  };
}

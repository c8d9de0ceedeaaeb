import type { RequestHandler } from 'express';
import type { IAccessTokenVerifier } from '../../domain/modules/auth/access-token.port';
import { UnauthenticatedError } from '../../domain/modules/auth/auth.errors';
import { principalKey } from '../../domain/modules/auth/principal';

export interface AuthenticateOptions {
  /** Only paths under this prefix are guarded (the versioned API); others answer 404 as usual. */
  protectedPrefix: string;
  /** Exact paths (or prefixes ending in '/') reachable without a token; a token, if sent, is still checked. */
  anonymousPaths: readonly string[];
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/i;

/**
 * Establishes `res.locals.principal` from a Bearer access token. Any failure is a 401 problem,
 * raised synchronously into Express' error path: no request is ever left hanging on a rejected
 * promise (the AuthProvider of inversify-express-utils would do exactly that).
 */
export function authenticate(verifier: IAccessTokenVerifier, options: AuthenticateOptions): RequestHandler {
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
    try {
      if (!match) throw new UnauthenticatedError();
      const principal = verifier.verify(match[1]);
      res.locals.principal = principal;
      res.locals.principalId = principalKey(principal);
      next();
    } catch (error) {
      next(error instanceof UnauthenticatedError ? error : new UnauthenticatedError());
    }
  };
}

import { posix } from 'node:path';
import type { Request, Response } from 'express';

const LOGIN = '/v1/auth/login';
const CREDENTIAL_PATHS = new Set([LOGIN, '/v1/auth/refresh', '/v1/auth/sso', '/v1/auth/token']);
const SIGN_UP = '/v1/users';

function percentDecoded(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch (error) {
    // A malformed escape is no route either; classify the raw spelling.
    if (error instanceof URIError) return path;
    throw error;
  }
}

/**
 * The path as any lax router or proxy could read it: percent-decoded, backslashes as slashes, dot
 * segments resolved, repeated and trailing slashes dropped, lower case. Routing here is strict and
 * case-sensitive, so only the exact spelling reaches a route; the limits classify requests by this
 * form anyway, so that every spelling of a credential route is counted, whatever routing does.
 */
export function canonicalPath(path: string): string {
  const normal = posix.normalize(`/${percentDecoded(path).replace(/\\/g, '/')}`).toLowerCase();
  return normal.length > 1 ? normal.replace(/\/+$/, '') : normal;
}

/** A password login attempt (POST /v1/auth/login, however spelled). */
export const isLogin = (req: Request): boolean => req.method === 'POST' && canonicalPath(req.path) === LOGIN;

/**
 * Requests that test a credential or cost a password hash: login, refresh, SSO, the OAuth 2 token
 * endpoint, and an anonymous sign-up (an admin or a service creating users is counted as itself).
 * Needs `res.locals.principal`, so it runs after authentication.
 */
export function isCredentialRequest(req: Request, res: Response): boolean {
  if (req.method !== 'POST') return false;
  const path = canonicalPath(req.path);
  return CREDENTIAL_PATHS.has(path) || (path === SIGN_UP && res.locals.principal === undefined);
}

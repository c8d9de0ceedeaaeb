import type { Request, RequestHandler, Response } from 'express';
import { type Logger, type Options, type RateLimitExceededEventHandler, type Store, rateLimit } from 'express-rate-limit';
import { HttpProblem } from '../problems/problem';
import { byAddress, byCpf } from './rate-limit-keys';

export interface RateLimitOptions {
  /** Every request, per principal (per IP when anonymous), per minute. */
  perMinute: number;
  /** Credential endpoints (login, refresh, SSO, token), per IP, per minute. */
  credentialsPerMinute: number;
  /** Failed logins per CPF, per quarter of an hour. */
  failedLoginsPerCpf: number;
  /** Failed logins per IP, per quarter of an hour. */
  failedLoginsPerIp: number;
  /** Requests refused by authentication (bad or forged tokens), per address, per minute. */
  failedAuthenticationsPerMinute: number;
  /** A shared store per limiter (Redis); absent = one in-memory store per limiter and process. */
  store?(name: string): Store;
  /** Where store failures are reported; the console when absent. */
  logger?: Logger;
}

const MINUTE_MS = 60_000;
const FAILURE_WINDOW_MS = 15 * MINUTE_MS;
const LOGIN_PATH = '/v1/auth/login';
const CREDENTIAL_PATHS = new Set([LOGIN_PATH, '/v1/auth/refresh', '/v1/auth/sso', '/v1/auth/token']);

const tooManyRequests: RateLimitExceededEventHandler = (req, _res, next, options) => {
  const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  const seconds = resetTime ? Math.ceil((resetTime.getTime() - Date.now()) / 1000) : Math.ceil(options.windowMs / 1000);
  next(new HttpProblem('RATE_LIMITED', 'Too many requests; retry after the time in Retry-After', undefined, { 'Retry-After': String(Math.max(1, seconds)) }));
};

const isCredentialRequest = (req: Request): boolean => req.method === 'POST' && CREDENTIAL_PATHS.has(req.path);
const isLogin = (req: Request): boolean => req.method === 'POST' && req.path === LOGIN_PATH;

export function limiterFactory(options: RateLimitOptions) {
  return (name: string, settings: Partial<Options>): RequestHandler =>
    rateLimit({
      standardHeaders: false,
      legacyHeaders: false,
      handler: tooManyRequests,
      passOnStoreError: true,
      validate: {
        // The client address is the socket's unless TRUST_PROXY names the proxies in front of us; a
        // client sending X-Forwarded-For itself is ignored, which is intended, not worth a warning.
        xForwardedForHeader: false,
        // Every key made of an address goes through ipKeyGenerator (rate-limit-keys.ts); this check
        // reads the key generator's source text and cannot see that.
        keyGeneratorIpFallback: false,
      },
      store: options.store?.(name),
      ...(options.logger ? { logger: options.logger } : {}),
      ...settings,
    });
}

/**
 * Rate limiting guards, run after authentication so that callers are counted by who they are.
 * Health, metrics, docs and JWKS are mounted before the guards and are never limited. A failing
 * store lets requests through (logged by the library): an outage of Redis must not stop the API.
 */
export function rateLimitGuards(options: RateLimitOptions): RequestHandler[] {
  const limiter = limiterFactory(options);
  return [
    limiter('api', {
      windowMs: MINUTE_MS,
      limit: options.perMinute,
      // Only the general limiter advertises RateLimit headers: several would overwrite each other.
      standardHeaders: 'draft-7',
      keyGenerator: (req: Request, res: Response) => (res.locals.principalId as string | undefined) ?? byAddress(req),
    }),
    limiter('credentials', { windowMs: MINUTE_MS, limit: options.credentialsPerMinute, keyGenerator: byAddress, skip: (req) => !isCredentialRequest(req) }),
    limiter('login-cpf', {
      windowMs: FAILURE_WINDOW_MS,
      limit: options.failedLoginsPerCpf,
      skipSuccessfulRequests: true,
      keyGenerator: byCpf,
      skip: (req) => !isLogin(req) || typeof req.body?.cpf !== 'string',
    }),
    limiter('login-ip', { windowMs: FAILURE_WINDOW_MS, limit: options.failedLoginsPerIp, skipSuccessfulRequests: true, keyGenerator: byAddress, skip: (req) => !isLogin(req) }),
  ];
}

import type { Request, RequestHandler, Response } from 'express';
import { type Logger, type Options, type RateLimitExceededEventHandler, type Store, rateLimit } from 'express-rate-limit';
import { slowDown } from 'express-slow-down';
import { isCredentialRequest, isLogin } from '../http/credential-routes';
import { inSeries } from '../http/in-series';
import { HttpProblem } from '../problems/problem';
import { byAddress, byCpf, byCpfAndAddress } from './rate-limit-keys';

export interface LoginDelay {
  /** Failed logins of a CPF, in a quarter of an hour, answered without delay. */
  afterFailures: number;
  /** Delay of the next attempt; each further one waits twice as long as the one before. */
  firstDelayMs: number;
  maxDelayMs: number;
}

export interface RateLimitOptions {
  /** Every request, per principal (per address when anonymous), per minute. */
  perMinute: number;
  /** Credential requests (login, refresh, SSO, token, anonymous sign-up), per address, per minute. */
  credentialsPerMinute: number;
  /** Failed logins per (CPF, address) pair, per quarter of an hour; then that pair is refused. */
  failedLoginsPerPair: number;
  /** Failed logins per address, whatever the CPF, per quarter of an hour. */
  failedLoginsPerAddress: number;
  /** Requests refused by authentication (bad or forged tokens), per address, per minute. */
  failedAuthenticationsPerMinute: number;
  /** Per CPF, failed logins only slow the next attempts down: refusing would lock the owner out. */
  loginDelay: LoginDelay;
  /** A shared store per limiter (Redis); absent = one in-memory store per limiter and process. */
  store?(name: string): Store;
  /**
   * Where express-rate-limit reports what it finds wrong (a misconfiguration, a store error): one
   * JSON line through pino. Required: its default is the console, plain text with stack traces.
   */
  logger: Logger;
}

const MINUTE_MS = 60_000;
const FAILURE_WINDOW_MS = 15 * MINUTE_MS;

/** The 429, naming its limiter for the rejection metrics. */
const tooManyRequests = (limiter: string): RateLimitExceededEventHandler => (req, res, next, options) => {
  res.locals.rateLimiter = limiter;
  const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  const seconds = resetTime ? Math.ceil((resetTime.getTime() - Date.now()) / 1000) : Math.ceil(options.windowMs / 1000);
  next(new HttpProblem('RATE_LIMITED', 'Too many requests; retry after the time in Retry-After', undefined, { 'Retry-After': String(Math.max(1, seconds)) }));
};

/** Only a 401 answer is a failed login: a 400, a 429 or a 503 tested no password. */
const passwordWasNotRefused = (_req: Request, res: Response): boolean => res.statusCode !== 401;
const isLoginWithCpf = (req: Request): boolean => isLogin(req) && typeof req.body?.cpf === 'string';

/** Settings every limiter shares. A failing store lets requests through: a Redis outage must not stop the API. */
function common(options: RateLimitOptions, name: string) {
  return {
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
    logger: options.logger,
  };
}

export function limiterFactory(options: RateLimitOptions) {
  return (name: string, settings: Partial<Options>): RequestHandler =>
    rateLimit({ standardHeaders: false, legacyHeaders: false, handler: tooManyRequests(name), ...common(options, name), ...settings });
}

/**
 * Rate limiting guards, run after authentication so that callers are counted by who they are.
 * Health, metrics, docs and JWKS are mounted before the guards and are never limited.
 *
 * Failed logins are counted from the moment an attempt arrives (and forgotten when it turns out
 * not to fail), so that a burst of parallel guesses is cut at the limit instead of all being
 * checked before the first one is answered.
 */
export function rateLimitGuards(options: RateLimitOptions): RequestHandler {
  const limiter = limiterFactory(options);
  const failedLogins = { windowMs: FAILURE_WINDOW_MS, skipSuccessfulRequests: true, requestWasSuccessful: passwordWasNotRefused };
  const { afterFailures, firstDelayMs, maxDelayMs } = options.loginDelay;
  return inSeries(
    limiter('api', {
      windowMs: MINUTE_MS,
      limit: options.perMinute,
      // Only the general limiter advertises RateLimit headers: several would overwrite each other.
      standardHeaders: 'draft-7',
      keyGenerator: (req: Request, res: Response) => (res.locals.principalId as string | undefined) ?? byAddress(req),
    }),
    onlyFor(isCredentialRequest, limiter('credentials', { windowMs: MINUTE_MS, limit: options.credentialsPerMinute, keyGenerator: byAddress })),
    onlyFor(isLoginWithCpf, limiter('login-ip', { ...failedLogins, limit: options.failedLoginsPerAddress, keyGenerator: byAddress })),
    onlyFor(isLoginWithCpf, limiter('login-pair', { ...failedLogins, limit: options.failedLoginsPerPair, keyGenerator: byCpfAndAddress })),
    // Last, so that an attempt refused above is neither delayed nor counted against the CPF.
    onlyFor(
      isLoginWithCpf,
      slowDown({
        ...common(options, 'login-cpf'),
        ...failedLogins,
        keyGenerator: byCpf,
        delayAfter: afterFailures,
        delayMs: (used) => firstDelayMs * 2 ** (used - afterFailures - 1),
        maxDelayMs,
      }),
    ),
  );
}

/**
 * Runs `limiter` only on the requests it counts, in place of its `skip` option: express-rate-limit
 * asks `skip` only after it has hooked the response (a promise and a 'finish' listener for
 * skipSuccessfulRequests), which every other request of the API would pay for, limiter by limiter.
 */
function onlyFor(counts: (req: Request, res: Response) => boolean, limiter: RequestHandler): RequestHandler {
  return (req, res, next) => (counts(req, res) ? limiter(req, res, next) : next());
}

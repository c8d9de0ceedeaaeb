import type { ErrorRequestHandler } from 'express';
import { UnauthenticatedError } from '../../domain/modules/auth/auth.errors';
import { type RateLimitOptions, limiterFactory } from './rate-limit';
import { byAddress } from './rate-limit-keys';

/**
 * Placed right after `authenticate`, as an error handler: only requests that authentication
 * refused pass through it, so a token that verifies is never refused nor counted here, and a
 * request is counted only once it is certain to be answered 401. Over the limit, the answer is
 * 429 instead of 401.
 *
 * Every presented token is still verified, even from an address over the limit: refusing before
 * verifying would let bad tokens lock out the valid callers that share the address (behind a
 * proxy, all of them). A forged token thus costs one signature check; nothing more is spent on it.
 */
export function failedAuthenticationLimit(options: RateLimitOptions): ErrorRequestHandler {
  const limiter = limiterFactory(options)('unauthenticated', {
    windowMs: 60_000,
    limit: options.failedAuthenticationsPerMinute,
    keyGenerator: byAddress,
  });
  return (error, req, res, next) => {
    if (!(error instanceof UnauthenticatedError)) return next(error);
    void limiter(req, res, (refusal?: unknown) => next(refusal ?? error));
  };
}

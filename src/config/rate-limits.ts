import type { Logger } from 'pino';
import type { RateLimitOptions } from '../api/middlewares/rate-limit';
import { redisRateLimitStore } from '../infra/cache/redis-rate-limit.store';
import type { RedisConnection } from '../infra/cache/redis.connection';
import type { Settings } from './settings';

/** Failed logins allowed per (CPF, address) pair in a quarter of an hour before that pair is refused for its rest. */
const FAILED_LOGINS_PER_PAIR = 10;

/**
 * Per CPF, failures only slow logins down (ASVS 2.2.1): the first 5 in a quarter of an hour cost
 * nothing, then each attempt for that CPF waits 1 s, 2 s, then 4 s at most. Long enough to make
 * guessing slow, short enough that the owner still logs in while someone else is guessing.
 */
const LOGIN_DELAY = { afterFailures: 5, firstDelayMs: 1000, maxDelayMs: 4000 };

/**
 * Limits derived from RATE_LIMIT_PER_MINUTE: the credential endpoints get a twentieth of the
 * general budget per address (30 a minute at the default 600), failed logins per address a sixth
 * per quarter hour (100 at the default), requests refused by authentication per address a tenth
 * per minute (60 at the default). With Redis every instance counts against the same limits.
 */
export function rateLimitOptions(settings: Settings, redis: RedisConnection | undefined, keyPrefix: string, logger: Logger): RateLimitOptions {
  const perMinute = settings.rateLimitPerMinute;
  return {
    perMinute,
    credentialsPerMinute: Math.max(5, Math.ceil(perMinute / 20)),
    failedLoginsPerPair: FAILED_LOGINS_PER_PAIR,
    failedLoginsPerAddress: Math.max(FAILED_LOGINS_PER_PAIR, Math.ceil(perMinute / 6)),
    failedAuthenticationsPerMinute: Math.max(10, Math.ceil(perMinute / 10)),
    loginDelay: LOGIN_DELAY,
    store: redis ? (name) => redisRateLimitStore(redis, `${keyPrefix}rl:${name}:`) : undefined,
    logger,
  };
}

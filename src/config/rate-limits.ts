import type { RateLimitOptions } from '../api/middlewares/rate-limit';
import { redisRateLimitStore } from '../infra/cache/redis-rate-limit.store';
import type { RedisConnection } from '../infra/cache/redis.connection';
import type { Settings } from './settings';

/** Failed logins allowed per CPF in a quarter of an hour before that CPF is locked out for its rest. */
const FAILED_LOGINS_PER_CPF = 10;

/**
 * Limits derived from RATE_LIMIT_PER_MINUTE: the credential endpoints get a twentieth of the
 * general budget per IP (30 a minute at the default 600), failed logins per IP a sixth per quarter
 * hour (100 at the default), answers of 401 per IP a tenth per minute (60 at the default). With Redis every instance counts against the same limits.
 */
export function rateLimitOptions(settings: Settings, redis: RedisConnection | undefined, keyPrefix: string): RateLimitOptions {
  const perMinute = settings.rateLimitPerMinute;
  return {
    perMinute,
    credentialsPerMinute: Math.max(5, Math.ceil(perMinute / 20)),
    failedLoginsPerCpf: FAILED_LOGINS_PER_CPF,
    failedLoginsPerIp: Math.max(FAILED_LOGINS_PER_CPF, Math.ceil(perMinute / 6)),
    failedAuthenticationsPerMinute: Math.max(10, Math.ceil(perMinute / 10)),
    store: redis ? (name) => redisRateLimitStore(redis, `${keyPrefix}rl:${name}:`) : undefined,
  };
}

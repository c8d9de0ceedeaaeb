import type { Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { type RedisClient, withTimeout } from './redis.cache';

const COMMAND_TIMEOUT_MS = 500;

/**
 * A rate-limit store in Redis, so that every instance counts against the same limits. Commands
 * are bounded in time: a slow or absent Redis fails the count (and the limiter lets the request
 * through) instead of holding requests.
 */
export function redisRateLimitStore(client: RedisClient, prefix: string): Store {
  const store = new RedisStore({
    prefix,
    sendCommand: (...args: string[]) => withTimeout(client.sendCommand<RedisReply>(args), COMMAND_TIMEOUT_MS),
  });
  // The store loads its Lua scripts at construction, which fails while the client is still
  // connecting; it loads them again on first use. Handle these first attempts so that their
  // rejection cannot surface as an unhandled rejection.
  store.incrementScriptSha.catch(() => undefined);
  store.getScriptSha.catch(() => undefined);
  return store;
}

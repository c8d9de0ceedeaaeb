import type { ClientRateLimitInfo, IncrementResponse, Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { type RedisClient, withTimeout } from './redis.cache';

const COMMAND_TIMEOUT_MS = 500;

/**
 * rate-limit-redis loads its Lua scripts once, when the limiter is created, and afterwards
 * reloads one only when Redis says it does not know it. A load that failed (Redis still
 * connecting at start-up, or down) would fail every later count for good, and the limiter would
 * let everything through forever. Here a failed load is tried again on the next use.
 */
class ReloadingRedisStore extends RedisStore {
  override async increment(key: string): Promise<IncrementResponse> {
    this.incrementScriptSha = this.incrementScriptSha.catch(() => this.loadIncrementScript());
    return super.increment(key);
  }

  override async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    this.getScriptSha = this.getScriptSha.catch(() => this.loadGetScript());
    return super.get(key);
  }
}

/**
 * A rate-limit store in Redis, so that every instance counts against the same limits. Commands
 * are bounded in time: a slow or absent Redis fails the count (and the limiter lets the request
 * through) instead of holding requests.
 */
export function redisRateLimitStore(client: RedisClient, prefix: string): Store {
  return new ReloadingRedisStore({
    prefix,
    sendCommand: (...args: string[]) => withTimeout(client.sendCommand<RedisReply>(args), COMMAND_TIMEOUT_MS),
  });
}

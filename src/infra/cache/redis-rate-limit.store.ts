import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { RedisConnection } from './redis.connection';

/**
 * rate-limit-redis loads its Lua scripts once, when the limiter is created, and afterwards
 * reloads one only when Redis says it does not know it. A load that failed (Redis still
 * connecting at start-up, or down) would fail every later count for good, and the limiter would
 * let everything through forever. Here a failed load is tried again on the next use.
 */
class ReloadingRedisStore extends RedisStore {
  // init() awaits both loads and rejects with them, and express-rate-limit does not handle that
  // rejection: a Redis still connecting at start-up would crash the process. The loads are retried on use.
  override async init(options: Options): Promise<void> {
    await super.init(options).catch(() => undefined);
  }

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
 * A rate-limit store in Redis, so that every instance counts against the same limits. Redis
 * failing must neither stop the API nor crash the process, so every store method fails open:
 * an increment that cannot be counted lets the request through as the first of its window, and a
 * decrement or reset that cannot reach Redis is dropped. express-rate-limit calls `decrement` from
 * response event listeners without handling its rejection: a rejection there is an uncaught one.
 */
export function redisRateLimitStore(redis: RedisConnection, prefix: string): Store {
  const store = new ReloadingRedisStore({
    prefix,
    sendCommand: (...args: string[]) => redis.run((client) => client.sendCommand<RedisReply>(args)),
  });
  return new FailOpenStore(store);
}

/** The failures dropped here are counted and logged by the connection (metrics, circuit state). */
class FailOpenStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;

  constructor(private readonly inner: RedisStore) {}

  get prefix(): string {
    return this.inner.prefix;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
    this.inner.init(options);
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    return this.inner.get(key).catch(() => undefined);
  }

  async increment(key: string): Promise<IncrementResponse> {
    try {
      return await this.inner.increment(key);
    } catch {
      return { totalHits: 1, resetTime: new Date(Date.now() + this.windowMs) };
    }
  }

  // After the response, from an event listener that would not handle a rejection.
  async decrement(key: string): Promise<void> {
    await this.inner.decrement(key).catch(() => undefined);
  }

  async resetKey(key: string): Promise<void> {
    await this.inner.resetKey(key).catch(() => undefined);
  }
}

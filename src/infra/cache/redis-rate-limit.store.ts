import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { RedisConnection } from './redis.connection';

/**
 * A rate-limit store in Redis, so that every instance counts against the same limits. Redis
 * failing must neither stop the API nor crash the process, so every store method fails open:
 * an increment that cannot be counted lets the request through as the first of its window, and a
 * decrement or reset that cannot reach Redis is dropped. express-rate-limit calls `decrement` from
 * response event listeners without handling its rejection: a rejection there is an uncaught one.
 */
export function redisRateLimitStore(redis: RedisConnection, prefix: string): Store {
  const store = new RedisStore({
    prefix,
    sendCommand: (...args: string[]) => redis.run((client) => client.sendCommand<RedisReply>(args)),
  });
  // The store loads its Lua scripts at construction, which fails while the client is still
  // connecting; it loads them again on first use. Handle these first attempts so that their
  // rejection cannot surface as an unhandled rejection.
  store.incrementScriptSha.catch(() => undefined);
  store.getScriptSha.catch(() => undefined);
  return new FailOpenStore(store, redis);
}

/** The failures dropped here are counted and logged by the connection (metrics, circuit state). */
class FailOpenStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;

  constructor(
    private readonly inner: RedisStore,
    private readonly redis: RedisConnection,
  ) {}

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

  // After the response: nobody waits for it, so it is not charged to the request's Redis budget.
  async decrement(key: string): Promise<void> {
    await this.redis.outsideRequest(() => this.inner.decrement(key)).catch(() => undefined);
  }

  async resetKey(key: string): Promise<void> {
    await this.redis.outsideRequest(() => this.inner.resetKey(key)).catch(() => undefined);
  }
}

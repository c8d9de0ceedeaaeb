import type { Logger } from 'pino';
import type { ICache } from '../../domain/shared/cache.port';
import type { RedisConnection } from './redis.connection';

/**
 * Cache-aside over Redis. An outage degrades to misses and skipped writes, never to an error: the
 * connection bounds every command and skips Redis while its circuit is open (and logs that once).
 */
export class RedisCache implements ICache {
  constructor(
    private readonly redis: RedisConnection,
    private readonly logger: Logger,
    private readonly prefix = 'fincore:',
  ) {}

  async get(key: string): Promise<string | null> {
    try {
      return await this.redis.run((client) => client.get(this.prefix + key));
    } catch (error) {
      this.degraded('get', error);
      return null;
    }
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    try {
      await this.redis.run((client) => client.set(this.prefix + key, value, { EX: ttlSeconds }));
    } catch (error) {
      this.degraded('set', error);
    }
  }

  async add(key: string, value: string, ttlSeconds: number): Promise<void> {
    try {
      await this.redis.run((client) => client.set(this.prefix + key, value, { EX: ttlSeconds, NX: true }));
    } catch (error) {
      this.degraded('add', error);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.redis.run((client) => client.del(this.prefix + key));
    } catch (error) {
      this.degraded('delete', error);
    }
  }

  /** Readiness probe: unlike the cache operations, this one does throw. */
  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await this.redis.close();
  }

  // Debug only: during an outage every request would log it; the connection logs the outage once.
  private degraded(operation: string, error: unknown): void {
    this.logger.debug({ operation, err: { message: (error as Error).message } }, 'cache unavailable, using the database');
  }
}

import { createClient } from 'redis';
import type { Logger } from 'pino';
import type { ICache } from '../../domain/shared/cache.port';

export type RedisClient = ReturnType<typeof createClient>;

const COMMAND_TIMEOUT_MS = 500;

/**
 * Connects without blocking start-up: if Redis is down, the client keeps reconnecting in the
 * background. The offline queue is disabled so that commands fail at once instead of piling up.
 */
export function createRedisClient(url: string, logger: Logger): RedisClient {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5000) },
  });
  // Without a listener an 'error' event would crash the process.
  client.on('error', (error: Error) => logger.warn({ err: { message: error.message } }, 'redis client error'));
  client.connect().catch((error: Error) => logger.warn({ err: { message: error.message } }, 'redis connect failed'));
  return client;
}

/** Bounds a Redis command in time: a slow or absent Redis must never hold a request. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`redis command timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Cache-aside over Redis. An outage degrades to misses and skipped writes, never to an error. */
export class RedisCache implements ICache {
  constructor(
    private readonly client: RedisClient,
    private readonly logger: Logger,
    private readonly prefix = 'fincore:',
  ) {}

  async get(key: string): Promise<string | null> {
    try {
      return await withTimeout(this.client.get(this.prefix + key), COMMAND_TIMEOUT_MS);
    } catch (error) {
      this.degraded('get', error);
      return null;
    }
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    try {
      await withTimeout(this.client.set(this.prefix + key, value, { EX: ttlSeconds }), COMMAND_TIMEOUT_MS);
    } catch (error) {
      this.degraded('set', error);
    }
  }

  async add(key: string, value: string, ttlSeconds: number): Promise<void> {
    try {
      await withTimeout(this.client.set(this.prefix + key, value, { EX: ttlSeconds, NX: true }), COMMAND_TIMEOUT_MS);
    } catch (error) {
      this.degraded('add', error);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await withTimeout(this.client.del(this.prefix + key), COMMAND_TIMEOUT_MS);
    } catch (error) {
      this.degraded('delete', error);
    }
  }

  /** Readiness probe: unlike the cache operations, this one does throw. */
  async ping(): Promise<void> {
    await withTimeout(this.client.ping(), COMMAND_TIMEOUT_MS);
  }

  /**
   * Bounded, so that shutdown never waits on Redis: a client still reconnecting is destroyed at once
   * (a QUIT queued on a socket that never comes back would wait forever).
   */
  async close(): Promise<void> {
    if (!this.client.isOpen) return;
    if (!this.client.isReady) {
      this.client.destroy();
      return;
    }
    await withTimeout(this.client.close(), COMMAND_TIMEOUT_MS).catch(() => this.client.destroy());
  }

  private degraded(operation: string, error: unknown): void {
    this.logger.warn({ operation, err: { message: (error as Error).message } }, 'cache unavailable, using the database');
  }
}

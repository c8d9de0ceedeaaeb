import { LRUCache } from 'lru-cache';
import type { ICache } from '../../domain/shared/cache.port';

/** Default cache without REDIS_URL: bounded, per process, entries expire like Redis keys. */
export class InMemoryCache implements ICache {
  private readonly entries = new LRUCache<string, string>({ max: 10_000, ttlAutopurge: false });

  async get(key: string): Promise<string | null> {
    return this.entries.get(key) ?? null;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.entries.set(key, value, { ttl: ttlSeconds * 1000 });
  }

  async add(key: string, value: string, ttlSeconds: number): Promise<void> {
    if (!this.entries.has(key)) this.entries.set(key, value, { ttl: ttlSeconds * 1000 });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.entries.clear();
  }
}

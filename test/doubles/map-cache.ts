import type { ICache } from '../../src/domain/shared/cache.port';

/** A map-backed cache, so tests read its state rather than count calls. */
export class MapCache implements ICache {
  readonly entries = new Map<string, { value: string; ttl: number }>();
  async get(key: string) {
    return this.entries.get(key)?.value ?? null;
  }
  async set(key: string, value: string, ttl: number) {
    this.entries.set(key, { value, ttl });
  }
  async add(key: string, value: string, ttl: number) {
    if (!this.entries.has(key)) this.entries.set(key, { value, ttl });
  }
  async delete(key: string) {
    this.entries.delete(key);
  }
}

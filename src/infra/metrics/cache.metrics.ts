import { Counter, type Registry } from 'prom-client';
import type { ICache } from '../../domain/shared/cache.port';

/** The key's first segment (`user` of `user:52998224725`): bounded, and never the identifier itself. */
const kindOf = (key: string) => key.slice(0, Math.max(0, key.indexOf(':'))) || 'other';

/**
 * The same cache, with reads counted as hits and misses per kind of key. A read that failed on a
 * Redis outage is a miss here (the cache degrades to misses) and an error in `redis_errors_total`.
 */
export function meteredCache(cache: ICache, registry: Registry): ICache {
  const reads = new Counter({
    name: 'cache_reads_total',
    help: 'Cache reads by kind of key and result (hit or miss; a Redis failure reads as a miss and counts in redis_errors_total)',
    labelNames: ['kind', 'result'],
    registers: [registry],
  });
  return {
    get: async (key) => {
      const value = await cache.get(key);
      reads.inc({ kind: kindOf(key), result: value === null ? 'miss' : 'hit' });
      return value;
    },
    set: (key, value, ttlSeconds) => cache.set(key, value, ttlSeconds),
    add: (key, value, ttlSeconds) => cache.add(key, value, ttlSeconds),
    delete: (key) => cache.delete(key),
  };
}

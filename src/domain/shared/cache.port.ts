/**
 * A shared key-value cache. Implementations never throw on an outage: a failed read is a miss and a
 * failed write is skipped, so the database stays the source of truth.
 */
export interface ICache {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** Stores the value only when the key is absent (Redis SET NX). */
  add(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}

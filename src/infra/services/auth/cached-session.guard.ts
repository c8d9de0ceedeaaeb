import { LRUCache } from 'lru-cache';
import { type Principal, principalKey } from '../../../domain/modules/auth/principal';
import type { ISessionGuard } from '../../../domain/modules/auth/session-guard.port';
import type { ISessionVersionRepository } from '../../../domain/modules/auth/session-version.repository';
import type { ICache } from '../../../domain/shared/cache.port';

/** What this process remembers of a version, and what the shared cache keeps: together under the 5 s revocation bound. */
const MEMO_TTL_MS = 1_000;
const SHARED_TTL_SECONDS = 2;
/** Stands for "no token of this principal is honoured" (inactive user, disabled client). */
const CLOSED = -1;

/**
 * The session check of every authenticated request, kept off the database: a per-process memo
 * (1 s), then the shared cache (Redis, 2 s), then one indexed read. Ending a session bumps the
 * version in the database and drops both copies, so every instance stops honouring old tokens
 * within about 3 s of the commit (a read racing the commit can cache the old version for that long).
 */
export class CachedSessionGuard implements ISessionGuard {
  private readonly memo = new LRUCache<string, number>({ max: 50_000, ttl: MEMO_TTL_MS, ttlAutopurge: false });

  constructor(
    private readonly versions: ISessionVersionRepository,
    private readonly cache: ICache,
    /** What else remembers a principal's tokens in this process (the verified-token cache). */
    private readonly alsoForget: (principal: Principal) => void = () => undefined,
  ) {}

  async isCurrent(principal: Principal, version: number): Promise<boolean> {
    const key = principalKey(principal);
    let current = this.memo.get(key);
    if (current === undefined) {
      current = await this.load(principal, key);
      this.memo.set(key, current);
    }
    return current !== CLOSED && current === version;
  }

  async forget(principal: Principal): Promise<void> {
    const key = principalKey(principal);
    this.memo.delete(key);
    this.alsoForget(principal);
    await this.cache.delete(sharedKey(key));
  }

  private async load(principal: Principal, key: string): Promise<number> {
    const shared = await this.cache.get(sharedKey(key));
    if (shared !== null && /^-?\d{1,10}$/.test(shared)) return Number(shared);
    const current = (await this.versions.current(principal)) ?? CLOSED;
    // Only where absent: a value another instance stored meanwhile is at least as fresh as this read.
    await this.cache.add(sharedKey(key), String(current), SHARED_TTL_SECONDS);
    return current;
  }
}

const sharedKey = (principal: string): string => `session:${principal}`;

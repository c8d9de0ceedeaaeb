import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { IAccessTokenVerifier, VerifiedAccessToken } from '../../../domain/modules/auth/access-token.port';
import { type Principal, principalKey } from '../../../domain/modules/auth/principal';
import type { ExpiringVerifiedToken } from './jwt-access-token.service';

/** A verifier that also tells until when its answer holds. */
export interface ExpiringTokenVerifier {
  verifyWithExpiry(token: string): ExpiringVerifiedToken;
}

const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * Remembers tokens whose signature and claims were verified, so that a caller sending the same
 * token again costs a hash instead of an RSA verification. Only what the signature proves is kept
 * (principal, session version, expiry): the session check still runs on every request, so a
 * revoked session is refused exactly as before. An entry never outlives the token's `exp` (the
 * clock tolerance the verifier grants is not extended to cached tokens), the cache is bounded, and
 * a token is looked up by its SHA-256, never kept itself. Failures are never cached.
 */
export class CachingAccessTokenVerifier implements IAccessTokenVerifier {
  private readonly verified: LRUCache<string, ExpiringVerifiedToken>;

  constructor(
    private readonly inner: ExpiringTokenVerifier,
    private readonly nowMs: () => number = Date.now,
    maxEntries = DEFAULT_MAX_ENTRIES,
  ) {
    this.verified = new LRUCache({ max: maxEntries });
  }

  verify(token: string): VerifiedAccessToken {
    const key = createHash('sha256').update(token).digest('base64');
    const known = this.verified.get(key);
    if (known !== undefined) {
      if (known.expiresAtSeconds * 1000 > this.nowMs()) return { principal: known.principal, sessionVersion: known.sessionVersion };
      this.verified.delete(key);
    }
    const fresh = this.inner.verifyWithExpiry(token);
    if (fresh.expiresAtSeconds * 1000 > this.nowMs()) this.verified.set(key, fresh);
    return { principal: fresh.principal, sessionVersion: fresh.sessionVersion };
  }

  /** Drops every remembered token of a principal whose sessions were just ended. */
  forget(principal: Principal): void {
    const ended = principalKey(principal);
    for (const [key, entry] of this.verified.entries()) {
      if (principalKey(entry.principal) === ended) this.verified.delete(key);
    }
  }
}

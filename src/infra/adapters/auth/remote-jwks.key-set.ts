import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { Logger } from 'pino';
import { SsoUnavailableError } from '../../../domain/modules/auth/auth.errors';

export interface RemoteJwksOptions {
  url: string;
  /** Each fetch (connect, headers and body) is aborted after this long. */
  timeoutMs: number;
  /** Keys older than this are fetched again before use (stale keys stay usable if that fails). */
  maxAgeMs: number;
  /** An unknown `kid` triggers a new fetch at most this often, so junk tokens cannot hammer the provider. */
  unknownKidCooldownMs: number;
}

interface RemoteKey {
  kid: string | undefined;
  key: KeyObject;
}

const MIN_MODULUS_BITS = 2048;

/**
 * The identity provider's signing keys (RFC 7517 JWK Set), fetched over HTTP and cached. Only
 * RSA signature keys of at least 2048 bits are kept. Concurrent callers share one fetch.
 */
export class RemoteJwksKeySet {
  private keys: RemoteKey[] | null = null;
  private fetchedAt = 0;
  private lastUnknownKidFetch = 0;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly options: RemoteJwksOptions,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The key for `kid` (or the only key, when the token names none); undefined when the provider
   * does not publish it even after one fresh fetch. Throws SsoUnavailableError when the keys
   * cannot be fetched and none are cached.
   */
  async find(kid: string | undefined): Promise<KeyObject | undefined> {
    if (this.keys === null || this.now() - this.fetchedAt >= this.options.maxAgeMs) await this.refresh({ staleAllowed: true });
    const known = this.lookup(kid);
    if (known || this.now() - this.lastUnknownKidFetch < this.options.unknownKidCooldownMs) return known;
    // The provider may have rotated its keys since our last fetch: look once more.
    this.lastUnknownKidFetch = this.now();
    await this.refresh({ staleAllowed: false });
    return this.lookup(kid);
  }

  private lookup(kid: string | undefined): KeyObject | undefined {
    const keys = this.keys ?? [];
    if (kid === undefined) return keys.length === 1 ? keys[0].key : undefined;
    return keys.find((k) => k.kid === kid)?.key;
  }

  private async refresh({ staleAllowed }: { staleAllowed: boolean }): Promise<void> {
    this.inFlight ??= this.fetchKeys().finally(() => {
      this.inFlight = null;
    });
    try {
      await this.inFlight;
    } catch (error) {
      this.logger.warn({ err: { message: (error as Error).message }, url: this.options.url }, 'sso: fetching the JWKS failed');
      if (!staleAllowed || this.keys === null) throw new SsoUnavailableError();
    }
  }

  private async fetchKeys(): Promise<void> {
    const response = await fetch(this.options.url, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    if (!response.ok) throw new Error(`JWKS answered HTTP ${response.status}`);
    const body = (await response.json()) as { keys?: unknown };
    if (!Array.isArray(body?.keys)) throw new Error('JWKS has no "keys" array');
    this.keys = body.keys.flatMap((jwk) => toRemoteKey(jwk));
    this.fetchedAt = this.now();
  }
}

/** Keeps RSA signature keys only; anything else in the set is ignored, never an error. */
function toRemoteKey(jwk: unknown): RemoteKey[] {
  if (typeof jwk !== 'object' || jwk === null) return [];
  const { kty, use, alg, kid } = jwk as Record<string, unknown>;
  if (kty !== 'RSA' || (use !== undefined && use !== 'sig') || (alg !== undefined && alg !== 'RS256')) return [];
  try {
    const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_MODULUS_BITS) return [];
    return [{ kid: typeof kid === 'string' ? kid : undefined, key }];
  } catch {
    return [];
  }
}

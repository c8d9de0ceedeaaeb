import { type KeyObject, createHmac, hkdfSync } from 'node:crypto';

const KEY_BYTES = 32;
const KEY_LABEL = 'fincore refresh-token successor v1';

/**
 * The refresh token that replaces a presented one is HMAC-SHA256(server key, presented token),
 * not a fresh random value. Two requests presenting the same token within the grace window (two
 * tabs, a retry) must get the same successor, and only its digest is stored: deriving it again is
 * the way to hand it out twice without keeping it in clear or encrypted anywhere.
 *
 * Keyed, so that only this service can compute a successor: without the key, holding a token gets
 * its successor only by presenting it, which is what reuse detection watches. The key is derived
 * from the access-token signing key (HKDF, its own label): no new secret to manage, and whoever
 * holds that key can already mint any access token. A rotated signing key changes successors, so a
 * repeat that spans a key change is not recognised and counts as a reuse.
 */
export class RefreshTokenSuccessor {
  private constructor(private readonly key: Buffer) {}

  static fromSigningKey(privateKey: KeyObject): RefreshTokenSuccessor {
    const material = privateKey.export({ type: 'pkcs8', format: 'der' });
    return new RefreshTokenSuccessor(Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), KEY_LABEL, KEY_BYTES)));
  }

  /** 256 bits in base64url (43 characters), like a first token: the two cannot be told apart. */
  of(presented: string): string {
    return createHmac('sha256', this.key).update(presented, 'utf8').digest('base64url');
  }
}

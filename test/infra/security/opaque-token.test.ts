import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { digestToken, digestsEqual, newOpaqueToken } from '../../../src/infra/security/opaque-token';

describe('opaque tokens', () => {
  it('are 256 random bits in base64url, never repeated', () => {
    const tokens = new Set(Array.from({ length: 1000 }, newOpaqueToken));
    expect(tokens.size).to.equal(1000);
    for (const token of tokens) {
      expect(token).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).to.have.length(32);
    }
  });

  it('are stored as their SHA-256 digest (hex)', () => {
    const token = newOpaqueToken();
    expect(digestToken(token)).to.equal(createHash('sha256').update(token).digest('hex'));
  });

  it('digests compare equal only when identical (and never when empty or malformed)', () => {
    const a = digestToken('a');
    expect(digestsEqual(a, digestToken('a'))).to.equal(true);
    expect(digestsEqual(a, digestToken('b'))).to.equal(false);
    expect(digestsEqual(a, a.slice(0, 10))).to.equal(false);
    expect(digestsEqual('', '')).to.equal(false);
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { RefreshTokenSuccessor } from '../../../src/infra/security/refresh-token-successor';
import { newOpaqueToken } from '../../../src/infra/security/opaque-token';

const rsaKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

describe('RefreshTokenSuccessor', () => {
  const key = rsaKey();

  it('derives the same successor for the same token, every time and in every instance holding the key', () => {
    const token = newOpaqueToken();
    expect(RefreshTokenSuccessor.fromSigningKey(key).of(token)).to.equal(RefreshTokenSuccessor.fromSigningKey(key).of(token));
  });

  it('derives 256-bit base64url tokens, different for different tokens and from the token itself', () => {
    const successors = RefreshTokenSuccessor.fromSigningKey(key);
    const tokens = Array.from({ length: 200 }, newOpaqueToken);
    const derived = new Set(tokens.map((token) => successors.of(token)));
    expect(derived.size).to.equal(200);
    for (const successor of derived) {
      expect(successor).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(tokens).to.not.include(successor);
    }
  });

  it('depends on the key: another signing key derives other successors', () => {
    const token = newOpaqueToken();
    expect(RefreshTokenSuccessor.fromSigningKey(rsaKey()).of(token)).to.not.equal(RefreshTokenSuccessor.fromSigningKey(key).of(token));
  });
});

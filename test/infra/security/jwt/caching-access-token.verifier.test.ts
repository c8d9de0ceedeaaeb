import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { UnauthenticatedError } from '../../../../src/domain/modules/auth/auth.errors';
import { CachingAccessTokenVerifier, type ExpiringTokenVerifier } from '../../../../src/infra/security/jwt/caching-access-token.verifier';
import { type ExpiringVerifiedToken, JwtAccessTokenService } from '../../../../src/infra/security/jwt/jwt-access-token.service';
import { loadKeyMaterial } from '../../../../src/infra/security/jwt/key-material';

const OPTIONS = { issuer: 'fincore', audience: 'fincore-api', ttlSeconds: 900 };
const admin = { kind: 'user', userId: 7, role: 'admin' } as const;
const customer = { kind: 'user', userId: 8, role: 'customer' } as const;

/** The real verifier, counting the verifications it actually performs. */
class CountingVerifier implements ExpiringTokenVerifier {
  verifications = 0;
  constructor(private readonly real: JwtAccessTokenService) {}
  verifyWithExpiry(token: string): ExpiringVerifiedToken {
    this.verifications++;
    return this.real.verifyWithExpiry(token);
  }
}

describe('CachingAccessTokenVerifier', () => {
  let service: JwtAccessTokenService;
  let inner: CountingVerifier;
  let nowMs: number;
  let cache: CachingAccessTokenVerifier;

  before(() => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    service = new JwtAccessTokenService(loadKeyMaterial({ privateKeyPem: pem }), OPTIONS);
  });
  beforeEach(() => {
    inner = new CountingVerifier(service);
    nowMs = Date.now();
    cache = new CachingAccessTokenVerifier(inner, () => nowMs, 2);
  });

  it('verifies a token once and answers the same result for it afterwards', () => {
    const { token } = service.issue(admin, 4);
    const first = cache.verify(token);
    expect(cache.verify(token)).to.deep.equal(first);
    expect(first).to.deep.equal({ principal: admin, sessionVersion: 4 });
    expect(inner.verifications).to.equal(1);
  });

  it('never answers from memory once the token has expired, even within the clock tolerance', () => {
    const { token } = service.issue(admin, 0);
    cache.verify(token);
    nowMs = service.verifyWithExpiry(token).expiresAtSeconds * 1000;
    // The real verifier still accepts it (30 s tolerance): it is verified again, not served from memory.
    cache.verify(token);
    expect(inner.verifications).to.equal(2);
  });

  it('remembers no failure: a forged token is verified, and refused, every time', () => {
    const { token } = service.issue(admin, 0);
    const forged = `${token.slice(0, -4)}AAAA`;
    expect(() => cache.verify(forged)).to.throw(UnauthenticatedError);
    expect(() => cache.verify(forged)).to.throw(UnauthenticatedError);
    expect(inner.verifications).to.equal(2);
  });

  it('is bounded: the least recently used token is verified again', () => {
    const tokens = [service.issue(admin, 0).token, service.issue(admin, 1).token, service.issue(admin, 2).token];
    for (const token of tokens) cache.verify(token);
    cache.verify(tokens[0]);
    expect(inner.verifications).to.equal(4);
  });

  it('forgets every token of a principal whose sessions ended, and only those', () => {
    const mine = service.issue(admin, 0).token;
    const theirs = service.issue(customer, 0).token;
    cache.verify(mine);
    cache.verify(theirs);
    cache.forget(admin);
    cache.verify(mine);
    cache.verify(theirs);
    expect(inner.verifications).to.equal(3);
  });
});

import { expect } from 'chai';
import { REUSE_GRACE_MS, RefreshToken, type RefreshTokenState, refreshTokenExpiry } from '../../../../src/domain/modules/auth/refresh-token.entity';

const NOW = new Date('2026-03-04T05:06:07.000Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);

function aToken(changes: Partial<RefreshTokenState> = {}): RefreshToken {
  return RefreshToken.restore({
    id: 'token-1',
    familyId: 'family-1',
    familyCreatedAt: later(-3_600_000),
    userId: 7,
    expiresAt: later(60_000),
    usedAt: null,
    familyRevokedAt: null,
    ...changes,
  });
}

describe('RefreshToken', () => {
  it('exposes its id, family and owner', () => {
    const token = aToken();
    expect(token.id).to.equal('token-1');
    expect(token.familyId).to.equal('family-1');
    expect(token.familyCreatedAt).to.deep.equal(later(-3_600_000));
    expect(token.userId).to.equal(7);
  });

  it('an unused, unexpired token of a live family may be rotated', () => {
    expect(aToken().assess(NOW)).to.equal('rotate');
  });

  it('a token used longer ago than the grace window is a reuse: its family must be revoked', () => {
    expect(aToken({ usedAt: later(-REUSE_GRACE_MS - 1) }).assess(NOW)).to.equal('reuse');
    expect(aToken({ usedAt: later(-60_000) }).assess(NOW)).to.equal('reuse');
  });

  it('a token used within the grace window, its end included, is a repeat (two tabs, a retry)', () => {
    expect(aToken({ usedAt: NOW }).assess(NOW)).to.equal('repeat');
    expect(aToken({ usedAt: later(-1000) }).assess(NOW)).to.equal('repeat');
    expect(aToken({ usedAt: later(-REUSE_GRACE_MS) }).assess(NOW)).to.equal('repeat');
  });

  it('the grace window is short: ten seconds', () => {
    expect(REUSE_GRACE_MS).to.equal(10_000);
  });

  it('a used token counts as reuse even once expired: a copy is still out there', () => {
    expect(aToken({ usedAt: later(-60_000), expiresAt: later(-1000) }).assess(NOW)).to.equal('reuse');
  });

  it('a repeat is judged by when the token was used, even once it has expired', () => {
    expect(aToken({ usedAt: later(-2000), expiresAt: later(-1000) }).assess(NOW)).to.equal('repeat');
  });

  it('a token of a revoked family is revoked, used or not', () => {
    expect(aToken({ familyRevokedAt: later(-1) }).assess(NOW)).to.equal('revoked');
    expect(aToken({ familyRevokedAt: later(-1), usedAt: later(-5) }).assess(NOW)).to.equal('revoked');
    expect(aToken({ familyRevokedAt: later(-1), usedAt: later(-60_000) }).assess(NOW)).to.equal('revoked');
  });

  it('expires at its expiry instant, not after', () => {
    expect(aToken({ expiresAt: NOW }).assess(NOW)).to.equal('expired');
    expect(aToken({ expiresAt: later(1) }).assess(NOW)).to.equal('rotate');
  });

  it('restore copies the state: later changes to the input do not leak in', () => {
    const state: RefreshTokenState = { id: 't', familyId: 'f', familyCreatedAt: NOW, userId: 1, expiresAt: later(1000), usedAt: null, familyRevokedAt: null };
    const token = RefreshToken.restore(state);
    state.usedAt = NOW;
    expect(token.assess(NOW)).to.equal('rotate');
  });

  describe('refreshTokenExpiry', () => {
    const DAY = 24 * 60 * 60 * 1000;
    const lifetimes = { slidingMs: 30 * DAY, absoluteMs: 90 * DAY };

    it('gives a new token the sliding lifetime while the family is young', () => {
      expect(refreshTokenExpiry(lifetimes, NOW, NOW)).to.deep.equal(later(30 * DAY));
      expect(refreshTokenExpiry(lifetimes, NOW, later(10 * DAY))).to.deep.equal(later(40 * DAY));
    });

    it('never past the end of the family: login + the absolute lifetime', () => {
      expect(refreshTokenExpiry(lifetimes, NOW, later(70 * DAY))).to.deep.equal(later(90 * DAY));
      expect(refreshTokenExpiry(lifetimes, NOW, later(89 * DAY))).to.deep.equal(later(90 * DAY));
    });

    it('an absolute lifetime shorter than the sliding one caps the first token too', () => {
      expect(refreshTokenExpiry({ slidingMs: 30 * DAY, absoluteMs: 7 * DAY }, NOW, NOW)).to.deep.equal(later(7 * DAY));
    });
  });
});

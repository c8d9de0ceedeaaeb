import { expect } from 'chai';
import { RefreshToken, type RefreshTokenState } from '../../../../src/domain/modules/auth/refresh-token.entity';

const NOW = new Date('2026-03-04T05:06:07.000Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);

function aToken(changes: Partial<RefreshTokenState> = {}): RefreshToken {
  return RefreshToken.restore({
    id: 'token-1',
    familyId: 'family-1',
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
    expect(token.userId).to.equal(7);
  });

  it('an unused, unexpired token of a live family may be rotated', () => {
    expect(aToken().assess(NOW)).to.equal('rotate');
  });

  it('a token already used is a reuse: its family must be revoked', () => {
    expect(aToken({ usedAt: later(-1000) }).assess(NOW)).to.equal('reuse');
  });

  it('a used token counts as reuse even once expired: a copy is still out there', () => {
    expect(aToken({ usedAt: later(-2000), expiresAt: later(-1000) }).assess(NOW)).to.equal('reuse');
  });

  it('a token of a revoked family is revoked, used or not', () => {
    expect(aToken({ familyRevokedAt: later(-1) }).assess(NOW)).to.equal('revoked');
    expect(aToken({ familyRevokedAt: later(-1), usedAt: later(-5) }).assess(NOW)).to.equal('revoked');
  });

  it('expires at its expiry instant, not after', () => {
    expect(aToken({ expiresAt: NOW }).assess(NOW)).to.equal('expired');
    expect(aToken({ expiresAt: later(1) }).assess(NOW)).to.equal('rotate');
  });

  it('restore copies the state: later changes to the input do not leak in', () => {
    const state: RefreshTokenState = { id: 't', familyId: 'f', userId: 1, expiresAt: later(1000), usedAt: null, familyRevokedAt: null };
    const token = RefreshToken.restore(state);
    state.usedAt = NOW;
    expect(token.assess(NOW)).to.equal('rotate');
  });
});

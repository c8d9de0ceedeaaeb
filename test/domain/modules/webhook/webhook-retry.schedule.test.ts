import { expect } from 'chai';
import { FIRST_RETRY_MS, MAX_RETRY_MS, RETRY_WINDOW_MS, afterFailedAttempt, baseRetryDelayMs } from '../../../../src/domain/modules/webhook/webhook-retry.schedule';

const FIRST = new Date('2026-12-04T10:00:00Z');
const at = (ms: number) => new Date(FIRST.getTime() + ms);

describe('webhook retry schedule', () => {
  it('doubles from 30 s and stops growing at 6 h', () => {
    expect([1, 2, 3, 4].map(baseRetryDelayMs)).to.deep.equal([30_000, 60_000, 120_000, 240_000]);
    expect(baseRetryDelayMs(0)).to.equal(FIRST_RETRY_MS);
    expect(baseRetryDelayMs(11)).to.equal(MAX_RETRY_MS);
    expect(baseRetryDelayMs(10_000)).to.equal(MAX_RETRY_MS);
  });

  it('spreads each delay by ±20 % (random 0 → 80 %, 0.5 → 100 %, just under 1 → 120 %)', () => {
    const delay = (random: number) => (afterFailedAttempt(3, FIRST, FIRST, random) as { at: Date }).at.getTime() - FIRST.getTime();
    expect(delay(0)).to.equal(96_000);
    expect(delay(0.5)).to.equal(120_000);
    expect(delay(0.999999)).to.be.closeTo(144_000, 1);
  });

  it('makes the last attempt at the end of the 3-day window, and fails the delivery after it', () => {
    const late = at(RETRY_WINDOW_MS - 60_000);
    expect(afterFailedAttempt(30, FIRST, late, 0.5)).to.deep.equal({ kind: 'retry', at: at(RETRY_WINDOW_MS) });
    expect(afterFailedAttempt(31, FIRST, at(RETRY_WINDOW_MS), 0.5)).to.deep.equal({ kind: 'failed' });
    expect(afterFailedAttempt(31, FIRST, at(RETRY_WINDOW_MS + 1), 0.5)).to.deep.equal({ kind: 'failed' });
  });
});

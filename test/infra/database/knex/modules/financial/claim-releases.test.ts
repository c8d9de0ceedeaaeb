import { expect } from 'chai';
import pino from 'pino';
import { ClaimReleases, type ReleaseOutcome } from '../../../../../../src/infra/database/knex/modules/financial/claim-releases';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('ClaimReleases', () => {
  let outcomes: ReleaseOutcome[];
  let releases: ClaimReleases;

  beforeEach(() => {
    outcomes = [];
    releases = new ClaimReleases(pino({ level: 'silent' }), [5, 5, 5]);
    releases.onOutcome((outcome) => outcomes.push(outcome));
  });
  afterEach(() => releases.stop());

  /** A release that fails `failures` times with the database unreachable, then frees the claim. */
  function flaky(failures: number): { calls: () => number; release: () => Promise<boolean> } {
    let calls = 0;
    return {
      calls: () => calls,
      release: async () => {
        calls++;
        if (calls <= failures) throw refused();
        return true;
      },
    };
  }

  it('releases at once when the database answers', async () => {
    const release = flaky(0);
    await releases.release(release.release);
    expect(outcomes).to.deep.equal(['released']);
    expect(releases.pending).to.equal(0);
  });

  it('does not count a release that found nothing to free (finished or taken over meanwhile)', async () => {
    await releases.release(async () => false);
    expect(outcomes).to.deep.equal([]);
  });

  it('resolves when the database refuses, then retries in the background until the release goes through', async () => {
    const release = flaky(2);
    await releases.release(release.release);
    expect(release.calls()).to.equal(1);
    expect(releases.pending).to.equal(1);
    await releases.idle();
    expect(release.calls()).to.equal(3);
    expect(outcomes).to.deep.equal(['released_after_retry']);
  });

  it('gives up after its bounded retries, leaving the claim to lapse with its lease', async () => {
    const release = flaky(100);
    await releases.release(release.release);
    await releases.idle();
    expect(release.calls()).to.equal(4); // the first try and three retries
    expect(outcomes).to.deep.equal(['abandoned']);
  });

  it('throws an error that is not the database being unavailable or busy (a bug is not retried)', async () => {
    const failure = await releases.release(async () => Promise.reject(new Error('column "lock_token" does not exist'))).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect((failure as Error).message).to.match(/lock_token/);
    expect(releases.pending).to.equal(0);
  });

  it('drops pending retries at shutdown', async () => {
    const slow = new ClaimReleases(pino({ level: 'silent' }), [60_000]);
    const release = flaky(100);
    await slow.release(release.release);
    expect(slow.pending).to.equal(1);
    slow.stop();
    expect(slow.pending).to.equal(0);
    await slow.idle();
    expect(release.calls()).to.equal(1);
  });
});

import { expect } from 'chai';
import pino from 'pino';
import sinon from 'sinon';
import type { IHoldService } from '../../../../src/domain/modules/financial/hold.service';
import { HoldExpiryJob } from '../../../../src/infra/services/financial/hold-expiry.job';
import { stubPort } from '../../../doubles/stub-port';

describe('HoldExpiryJob', () => {
  const logger = pino({ level: 'silent' });
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers();
  });
  afterEach(() => {
    clock.restore();
  });

  it('sweeps every interval until stopped', async () => {
    const holds = stubPort<IHoldService>();
    holds.expireDue.resolves(2);
    const job = new HoldExpiryJob(holds, logger);
    job.start(1_000);
    await clock.tickAsync(3_000);
    expect(holds.expireDue.callCount).to.equal(3);
    await job.stop();
    await clock.tickAsync(3_000);
    expect(holds.expireDue.callCount).to.equal(3);
  });

  it('does not start with an interval of 0', async () => {
    const holds = stubPort<IHoldService>();
    new HoldExpiryJob(holds, logger).start(0);
    await clock.tickAsync(120_000);
    expect(holds.expireDue.called).to.equal(false);
  });

  it('skips a tick while a sweep still runs, and stop waits for that sweep', async () => {
    const holds = stubPort<IHoldService>();
    let finish: (n: number) => void = () => undefined;
    holds.expireDue.returns(new Promise<number>((resolve) => (finish = resolve)));
    const job = new HoldExpiryJob(holds, logger);
    const first = job.runOnce();
    expect(await job.runOnce()).to.equal(0);
    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    await clock.tickAsync(0);
    expect(stopped).to.equal(false);
    finish(4);
    expect(await first).to.equal(4);
    await stopping;
    expect(stopped).to.equal(true);
    expect(holds.expireDue.callCount).to.equal(1);
  });

  it('a failed sweep is logged and the next one runs', async () => {
    const holds = stubPort<IHoldService>();
    holds.expireDue.onFirstCall().rejects(new Error('database down'));
    holds.expireDue.onSecondCall().resolves(1);
    const warn = sinon.spy(logger, 'warn');
    const job = new HoldExpiryJob(holds, logger);
    expect(await job.runOnce()).to.equal(0);
    expect(warn.calledOnce).to.equal(true);
    expect(await job.runOnce()).to.equal(1);
    warn.restore();
  });
});

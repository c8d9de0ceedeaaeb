import { expect } from 'chai';
import { useMigratedDatabase } from '../../helpers/database';
import { rejectionOf } from '../../doubles/rejection';
import { anEvent, outboxOn } from './outbox-harness';

describe('outbox and dispatcher', function () {
  this.timeout(20_000);
  const database = useMigratedDatabase();

  it('refuses an event outside a unit of work, and a rolled-back unit of work leaves none', async () => {
    const { outbox, uow } = outboxOn(database.db);

    const outside = (await rejectionOf(outbox.record(anEvent('a', 1)))) as Error;
    expect(outside.message).to.match(/outside the unit of work/);
    await rejectionOf(
      uow.transaction(async () => {
        await outbox.record(anEvent('a', 2));
        throw new Error('the change fails after its event');
      }),
    );

    expect(await database.db('outbox_events').select('id')).to.deep.equal([]);
  });

  it('positions committed events in seq order, hands them over once, and pages them', async () => {
    const { outbox, uow, dispatcher, subscriber } = outboxOn(database.db, { batchSize: 2 });
    for (let n = 1; n <= 5; n++) await uow.transaction(() => outbox.record(anEvent('a', n)));

    const rounds = [await dispatcher.dispatchOnce(), await dispatcher.dispatchOnce(), await dispatcher.dispatchOnce(), await dispatcher.dispatchOnce()];

    expect(rounds.map((r) => r.handedOver)).to.deep.equal([2, 2, 1, 0]);
    expect(subscriber.accepted.map((e) => [e.position, e.data.n])).to.deep.equal([
      [1n, 1],
      [2n, 2],
      [3n, 3],
      [4n, 4],
      [5n, 5],
    ]);
    const rows = await database.db('outbox_events').orderBy('seq').select('seq', 'position');
    expect(rows.map((r: { position: string }) => Number(r.position))).to.deep.equal([1, 2, 3, 4, 5]);
  });

  it('a subscriber that throws rolls the round back: the next round hands the same events over', async () => {
    const { outbox, uow, dispatcher, subscriber } = outboxOn(database.db);
    await uow.transaction(async () => {
      await outbox.record(anEvent('a', 1));
      await outbox.record(anEvent('b', 2));
    });
    subscriber.failing = true;

    await rejectionOf(dispatcher.dispatchOnce());
    expect(await database.db('outbox_events').whereNotNull('position').select('id')).to.deep.equal([]);

    subscriber.failing = false;
    const round = await dispatcher.dispatchOnce();
    expect(round.handedOver).to.equal(2);
    expect(subscriber.accepted.map((e) => [e.position, e.data.n])).to.deep.equal([
      [1n, 1],
      [2n, 2],
    ]);
  });

  it('an event written once the lease row was lost still gets the next position', async () => {
    const { outbox, uow, dispatcher, subscriber } = outboxOn(database.db);
    await uow.transaction(() => outbox.record(anEvent('a', 1)));
    await dispatcher.dispatchOnce();
    await database.db('outbox_dispatcher').delete();
    await uow.transaction(() => outbox.record(anEvent('a', 2)));

    await dispatcher.dispatchOnce();

    expect(subscriber.accepted.map((e) => e.position)).to.deep.equal([1n, 2n]);
  });

  it('the outbox refuses a change to an event other than its position and publication', async () => {
    const { outbox, uow } = outboxOn(database.db);
    await uow.transaction(() => outbox.record(anEvent('a', 1)));

    const error = (await rejectionOf(database.db('outbox_events').update({ data: JSON.stringify({ forged: true }) }))) as Error;
    expect(error.message).to.match(/only gains its position/);
  });

  it('once started, dispatches at start and right after this instance commits an event, not a poll later; stop waits for the round', async () => {
    const { outbox, uow, dispatcher, subscriber } = outboxOn(database.db);
    await uow.transaction(() => outbox.record(anEvent('a', 1)));
    dispatcher.start();
    try {
      await until(() => subscriber.accepted.length === 1);
      await uow.transaction(() => outbox.record(anEvent('a', 2)));
      // The poll interval is a minute: only the signal of the commit can have run this round.
      await until(() => subscriber.accepted.length === 2);
    } finally {
      await dispatcher.stop();
    }
    await uow.transaction(() => outbox.record(anEvent('a', 3)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(subscriber.accepted.map((e) => e.data.n)).to.deep.equal([1, 2]);
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(condition(), 'not within 2 s').to.equal(true);
}

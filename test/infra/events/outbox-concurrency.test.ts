import { expect } from 'chai';
import type { Knex } from 'knex';
import { createKnex } from '../../../src/infra/database/knex/knex.factory';
import { testDatabaseOptions, useMigratedDatabase, usingPostgres } from '../../helpers/database';
import { anEvent, outboxOn } from './outbox-harness';

const WRITERS = 4;
const EVENTS_PER_WRITER = 40;

/**
 * Two instances (two pools, as two containers would have) dispatch while changes commit: every
 * event is positioned and handed over once, and per key in the order its changes committed.
 * PostgreSQL only: PGlite is one in-process session, so nothing runs at once there.
 */
(usingPostgres() ? describe : describe.skip)('outbox dispatchers running at once, on PostgreSQL', function () {
  this.timeout(60_000);
  const database = useMigratedDatabase();
  let second: Knex;

  before(() => {
    second = createKnex(testDatabaseOptions());
  });
  after(async () => {
    await second.destroy();
  });

  it('stamp each event once, keeping commit order per key', async () => {
    const one = outboxOn(database.db, { batchSize: 7 });
    const two = outboxOn(second, { batchSize: 7 });
    let writing = true;
    const dispatching = [one, two].map(async ({ dispatcher }) => {
      while (writing) await dispatcher.dispatchOnce();
    });
    // Each writer is one key: its changes commit one after the other, as changes of one account do.
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let n = 1; n <= EVENTS_PER_WRITER; n++) await one.uow.transaction(() => one.outbox.record(anEvent(`key-${w}`, n)));
      }),
    );
    writing = false;
    await Promise.all(dispatching);
    // What the last rounds left (several batches when the writers finished ahead of the dispatchers).
    while ((await one.dispatcher.dispatchOnce()).handedOver > 0);

    const accepted = [...one.subscriber.accepted, ...two.subscriber.accepted].sort((a, b) => (a.position < b.position ? -1 : 1));
    const total = WRITERS * EVENTS_PER_WRITER;
    expect(accepted.map((e) => e.position)).to.deep.equal(Array.from({ length: total }, (_, i) => BigInt(i + 1)));
    expect(new Set(accepted.map((e) => e.id)).size).to.equal(total);
    expect(one.subscriber.accepted.length, 'both instances dispatched some rounds').to.be.greaterThan(0);
    for (let w = 0; w < WRITERS; w++) {
      const ofKey = accepted.filter((e) => e.data.key === `key-${w}`).map((e) => e.data.n);
      expect(ofKey).to.deep.equal(Array.from({ length: EVENTS_PER_WRITER }, (_, i) => i + 1));
    }
  });
});

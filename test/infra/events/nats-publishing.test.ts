import { expect } from 'chai';
import { type NatsConnection, StringCodec, connect } from 'nats';
import { EVENTS_STREAM, NatsEventPublisher } from '../../../src/infra/events/nats-event-publisher';
import { useMigratedDatabase } from '../../helpers/database';
import { anEvent, outboxOn } from './outbox-harness';

const NATS_URL = process.env.TEST_NATS_URL;
const codec = StringCodec();

describe('outbox publishing to NATS', function () {
  this.timeout(30_000);
  const database = useMigratedDatabase();

  it('while NATS is unreachable, events are positioned and handed over but stay unpublished for the next round', async () => {
    const down = new NatsEventPublisher('nats://127.0.0.1:1');
    const { outbox, uow, dispatcher, subscriber } = outboxOn(database.db, { publisher: down });
    await uow.transaction(() => outbox.record(anEvent('a', 1)));

    const round = await dispatcher.dispatchOnce();

    expect(round).to.deep.equal({ busy: false, handedOver: 1, published: 0 });
    expect(subscriber.accepted).to.have.length(1);
    expect(await database.db('outbox_events').whereNull('published_at').select('id')).to.have.length(1);
    await down.close();
  });

  (NATS_URL ? describe : describe.skip)('on a real NATS JetStream (TEST_NATS_URL)', () => {
    let nc: NatsConnection;
    before(async () => {
      nc = await connect({ servers: NATS_URL });
    });
    after(async () => {
      await nc?.close();
    });

    const lastSeq = async (): Promise<number> => {
      const jsm = await nc.jetstreamManager();
      return (await jsm.streams.info(EVENTS_STREAM)).state.last_seq;
    };

    it('publishes each event to fincore.events.<type> in position order, with its id as Nats-Msg-Id; a republish is dropped', async () => {
      const publisher = new NatsEventPublisher(NATS_URL as string);
      const { outbox, uow, dispatcher } = outboxOn(database.db, { publisher });
      // The publisher creates the stream when it connects: one event of its own first.
      await publisher.publish({ id: crypto.randomUUID(), type: 'user.activated', occurredAt: new Date(), position: 1n, data: {} });
      const before = await lastSeq();
      await uow.transaction(async () => {
        await outbox.record(anEvent('a', 1));
        await outbox.record({ type: 'transaction.posted', orderingKeys: ['a'], data: { n: 2 } });
        await outbox.record(anEvent('a', 3));
      });

      const round = await dispatcher.dispatchOnce();

      expect(round.published).to.equal(3);
      const rows = (await database.db('outbox_events').orderBy('position').select('id', 'type', 'published_at')) as { id: string; type: string; published_at: Date | null }[];
      expect(rows.every((row) => row.published_at !== null)).to.equal(true);
      const jsm = await nc.jetstreamManager();
      const stored = await Promise.all([1, 2, 3].map((i) => jsm.streams.getMessage(EVENTS_STREAM, { seq: before + i })));
      expect(stored.map((m) => m.subject)).to.deep.equal(rows.map((row) => `fincore.events.${row.type}`));
      expect(stored.map((m) => m.header.get('Nats-Msg-Id'))).to.deep.equal(rows.map((row) => row.id));
      const body = JSON.parse(codec.decode(stored[1].data)) as Record<string, unknown>;
      expect(body).to.include({ id: rows[1].id, type: 'transaction.posted', position: '2' });
      expect(body.data).to.deep.equal({ n: 2 });

      // As after a crash between the ack and the commit: the same event again.
      await publisher.publish({ id: rows[0].id, type: 'account.frozen', occurredAt: new Date(), position: 1n, data: { key: 'a', n: 1 } });
      expect(await lastSeq()).to.equal(before + 3);
      await dispatcher.stop();
    });
  });
});

import { expect } from 'chai';
import { KnexUnitOfWork } from '../../../../src/infra/database/knex/knex-unit-of-work';
import { useMigratedDatabase } from '../../../helpers/database';
import { T0, anEvent, webhookWorld } from './webhook-world';

describe('WebhookFanOut (the outbox subscriber)', () => {
  const database = useMigratedDatabase();

  it('queues each event once per active endpoint whose types match, due at once, with the event as its payload', async () => {
    const world = webhookWorld(database.db);
    const all = await world.endpoint('http://127.0.0.1:1/all', ['*']);
    const holds = await world.endpoint('http://127.0.0.1:1/holds', ['hold.captured', 'hold.voided']);
    const off = await world.endpoint('http://127.0.0.1:1/off', ['*']);
    off.disable();
    await world.endpoints.updateStatus(off);
    const [posted, captured] = [anEvent('transaction.posted'), anEvent('hold.captured', { holdId: 'h-1' })];

    await world.publish(posted, captured);

    const rows = await world.rows();
    expect(rows.map((row) => [row.endpoint_id, row.event_id]).sort()).to.deep.equal(
      [[all.id, posted.id], [all.id, captured.id], [holds.id, captured.id]].sort(),
    );
    const row = rows.find((r) => r.endpoint_id === holds.id)!;
    expect([row.status, row.attempts, row.event_type, String(row.position)]).to.deep.equal(['pending', 0, 'hold.captured', captured.position.toString()]);
    expect(new Date(row.next_attempt_at)).to.deep.equal(T0);
    expect(row.payload).to.deep.equal({ id: captured.id, type: 'hold.captured', occurredAt: T0.toISOString(), position: captured.position.toString(), data: { holdId: 'h-1' } });
  });

  it('an event handed over again is not queued twice', async () => {
    const world = webhookWorld(database.db);
    await world.endpoint('http://127.0.0.1:1/all');
    const event = anEvent();
    await world.publish(event);
    await world.publish(event, anEvent());
    expect((await world.rows()).map((row) => row.event_id).filter((id) => id === event.id)).to.have.length(1);
    expect(await world.rows()).to.have.length(2);
  });

  it("writes in the dispatcher's transaction: rolled back with it", async () => {
    const world = webhookWorld(database.db);
    await world.endpoint('http://127.0.0.1:1/all');
    const uow = new KnexUnitOfWork(world.context);
    const failure = new Error('the dispatcher failed after the hand-over');
    const outcome = await uow.transaction(async () => {
      await world.fanOut.accept([anEvent()]);
      expect(await world.context.executor()('webhook_deliveries').select('id'), 'seen inside').to.have.length(1);
      throw failure;
    }).catch((error: unknown) => error);
    expect(outcome).to.equal(failure);
    expect(await world.rows()).to.have.length(0);
  });

  it('nothing to do for no events, or no endpoint that wants them', async () => {
    const world = webhookWorld(database.db);
    await world.publish();
    await world.endpoint('http://127.0.0.1:1/users', ['user.deactivated']);
    await world.publish(anEvent('account.frozen'));
    expect(await world.rows()).to.have.length(0);
  });
});

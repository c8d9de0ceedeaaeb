import { expect } from 'chai';
import { holdsExpireCommand } from '../../../src/cli/commands/holds.command';
import { runCommand } from '../../helpers/cli';
import { expectProblem } from './bank';
import { useHoldsApp } from './use-holds-app';

interface EventRow {
  type: string;
  ordering_keys: string[];
  occurred_at: Date;
  data: Record<string, unknown>;
}

/** Every hold change writes its event with the change; the data is the hold as the API presents it. */
describe('hold events in the outbox (API)', function () {
  this.timeout(60_000);
  const world = useHoldsApp({ env: { HOLDS_EXPIRY_INTERVAL_MS: '0' } });

  const place = (amount: number, expiresInSeconds = 60) =>
    world.holds.placed(world.alice.authorization, { fromAccountId: world.source.id, toAccountId: world.destination.id, amount, currency: 'BRL', expiresInSeconds });
  const eventsOf = async (holdId: string): Promise<EventRow[]> =>
    world.app.db('outbox_events').whereRaw("type LIKE 'hold.%'").whereRaw("data->>'id' = ?", [holdId]).orderBy('seq').select('type', 'ordering_keys', 'occurred_at', 'data');
  const asRead = async (holdId: string) => (await world.holds.get(world.alice.authorization, holdId)).body as Record<string, unknown>;

  it('placed, then captured: one event each, carrying the hold as GET answers it at that moment', async () => {
    const id = await place(400);
    const placed = await asRead(id);
    expect((await world.holds.capture(world.alice.authorization, id, { amount: 250 })).status).to.equal(200);
    const [first, second, ...rest] = await eventsOf(id);
    expect(rest).to.deep.equal([]);
    expect([first.type, first.ordering_keys]).to.deep.equal(['hold.placed', [world.source.id, world.destination.id]]);
    expect(first.data).to.deep.equal(placed);
    expect(second.type).to.equal('hold.captured');
    expect(second.data).to.deep.equal(await asRead(id));
    const captureId = (second.data as { captureTransactionId: string }).captureTransactionId;
    const posted = await world.app.db('outbox_events').where({ type: 'transaction.posted' }).whereRaw("data->>'id' = ?", [captureId]);
    expect(posted).to.have.length(1);
  });

  it('voided: one event; a refused second resolution writes none', async () => {
    const id = await place(100);
    expect((await world.holds.void(world.alice.authorization, id)).status).to.equal(200);
    expectProblem(await world.holds.capture(world.alice.authorization, id), 409, 'HOLD_NOT_PENDING');
    expect((await eventsOf(id)).map((e) => e.type)).to.deep.equal(['hold.placed', 'hold.voided']);
    expect((await eventsOf(id))[1].data).to.deep.equal(await asRead(id));
  });

  it('expired, released by a debit of its account: the database writes hold.expired with the expiry, as GET answers it', async () => {
    const id = await place(900);
    world.clock.advanceSeconds(61);
    expect((await eventsOf(id)).map((e) => e.type), 'nothing recorded it yet').to.deep.equal(['hold.placed']);
    const transfer = await world.bank.transfer(world.alice.authorization, { fromAccountId: world.source.id, toAccountId: world.destination.id, amount: 1_000 });
    expect(transfer.status, transfer.text).to.equal(201);
    const [, expired] = await eventsOf(id);
    expect([expired.type, expired.ordering_keys]).to.deep.equal(['hold.expired', [world.source.id, world.destination.id]]);
    const read = await asRead(id);
    expect(expired.data).to.deep.equal(read);
    expect(read.resolvedAt).to.equal(read.expiresAt);
    expect(new Date(expired.occurred_at).getTime(), 'recorded by the debit, after the expiry').to.be.greaterThan(Date.parse(read.expiresAt as string));
  });

  it('expired, recorded by the sweeper: the same event, once', async () => {
    const id = await place(300);
    world.clock.advanceSeconds(61);
    await runCommand(world.app, holdsExpireCommand);
    await runCommand(world.app, holdsExpireCommand);
    expect((await eventsOf(id)).map((e) => e.type)).to.deep.equal(['hold.placed', 'hold.expired']);
    expect((await eventsOf(id))[1].data).to.deep.equal(await asRead(id));
  });

  it('a debit refused for want of money leaves the expiry unrecorded along with everything else', async () => {
    const id = await place(200);
    world.clock.advanceSeconds(61);
    const refused = await world.bank.transfer(world.alice.authorization, { fromAccountId: world.source.id, toAccountId: world.destination.id, amount: 5_000 });
    expect(refused.status).to.equal(422);
    expect((await eventsOf(id)).map((e) => e.type)).to.deep.equal(['hold.placed']);
  });
});

import { expect } from 'chai';
import { holdsExpireCommand } from '../../../src/cli/commands/holds.command';
import { runCommand } from '../../helpers/cli';
import { expectProblem } from './bank';
import { useHoldsApp } from './use-holds-app';

describe('holds: expiry, the sweeper, lists and statements (API)', function () {
  this.timeout(60_000);
  // The server's own sweep stays off: what these tests see without a sweeper must not depend on its timing.
  const world = useHoldsApp({ env: { HOLDS_EXPIRY_INTERVAL_MS: '0' } });

  const place = (amount: number, expiresInSeconds = 60) =>
    world.holds.placed(world.alice.authorization, { fromAccountId: world.source.id, toAccountId: world.destination.id, amount, currency: 'BRL', expiresInSeconds });
  const storedStatus = async (id: string) => ((await world.app.db('holds').where({ id }).first()) as { status: string }).status;
  const storedPending = async (id: string) => Number(((await world.app.db('accounts').where({ id }).first()) as { pending_balance: string }).pending_balance);

  it('is expired from expiresAt on for every read and write, before any sweeper runs', async () => {
    const id = await place(400);
    world.clock.advanceSeconds(61);
    const read = await world.holds.get(world.alice.authorization, id);
    expect(read.body).to.include({ status: 'expired', resolvedAt: read.body.expiresAt });
    expect(await world.holds.balances(world.source.id)).to.deep.equal({ balance: 1_000, pendingBalance: 0, availableBalance: 1_000 });
    expectProblem(await world.holds.capture(world.alice.authorization, id), 409, 'HOLD_NOT_PENDING');
    expectProblem(await world.holds.void(world.alice.authorization, id), 409, 'HOLD_NOT_PENDING');
    const expired = await world.bank.http().get(`/v1/accounts/${world.source.id}/holds?status=expired`).set('Authorization', world.alice.authorization);
    expect(expired.body.items.map((h: { id: string }) => h.id)).to.deep.equal([id]);
    // Nothing has recorded it yet: the row is still pending, and still counted in the stored pending balance.
    expect(await storedStatus(id)).to.equal('pending');
    expect(await storedPending(world.source.id)).to.equal(400);
    expect(await world.bank.integrity()).to.include({ balanced: true });
  });

  it('does not block money: a debit of the whole balance first releases the expired hold', async () => {
    const id = await place(900);
    world.clock.advanceSeconds(61);
    const transfer = await world.bank.transfer(world.alice.authorization, { fromAccountId: world.source.id, toAccountId: world.destination.id, amount: 1_000 });
    expect(transfer.status, transfer.text).to.equal(201);
    expect(await storedStatus(id)).to.equal('expired');
    expect(await storedPending(world.source.id)).to.equal(0);

    const other = await world.bank.fundedAccount(world.alice, 500);
    const held = await world.holds.placed(world.alice.authorization, { fromAccountId: other.id, toAccountId: world.destination.id, amount: 500, currency: 'BRL', expiresInSeconds: 60 });
    world.clock.advanceSeconds(61);
    expect((await world.bank.withdraw(world.alice.authorization, other.id, { amount: 500 })).status).to.equal(201);
    expect(await storedStatus(held)).to.equal('expired');
    expect(await world.bank.integrity()).to.include({ balanced: true });
  });

  it('is recorded by holds:expire, which leaves live holds alone and finds nothing the second time', async () => {
    const due = await place(300);
    const live = await place(200, 3_600);
    world.clock.advanceSeconds(61);
    const run = await runCommand(world.app, holdsExpireCommand);
    expect(run.code).to.equal(0);
    expect(JSON.parse(run.out[0]).expired).to.be.at.least(1);
    expect(await storedStatus(due)).to.equal('expired');
    expect(await storedStatus(live)).to.equal('pending');
    expect(await storedPending(world.source.id)).to.equal(200);
    expect(JSON.parse((await runCommand(world.app, holdsExpireCommand)).out[0])).to.deep.equal({ expired: 0 });
    const read = await world.holds.get(world.alice.authorization, due);
    expect(read.body).to.include({ status: 'expired', resolvedAt: read.body.expiresAt });
    expect(await world.bank.integrity()).to.include({ balanced: true });
  });

  it('lists an account’s holds newest first, by status, page by page', async () => {
    // A second apart, so that newest first is one order whatever the ids.
    const placeLater = async (amount: number) => {
      world.clock.advanceSeconds(1);
      return place(amount, 3_600);
    };
    const [first, second, third] = [await placeLater(10), await placeLater(20), await placeLater(30)];
    await world.holds.void(world.alice.authorization, second);
    const list = (query: string, who = world.alice) => world.bank.http().get(`/v1/accounts/${world.source.id}/holds?${query}`).set('Authorization', who.authorization);
    const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((h) => h.id);
    expect(ids(await list('status=pending'))).to.deep.equal([third, first]);
    expect(ids(await list('status=voided'))).to.deep.equal([second]);
    const page1 = await list('limit=2');
    expect(ids(page1)).to.deep.equal([third, second]);
    const page2 = await list(`limit=2&cursor=${page1.body.nextCursor}`);
    expect(ids(page2)).to.deep.equal([first]);
    expect(page2.body.nextCursor).to.equal(null);
    // The destination's owner sees the holds their account receives; a stranger sees nothing.
    const received = await world.bank.http().get(`/v1/accounts/${world.destination.id}/holds`).set('Authorization', world.bob.authorization);
    expect(ids(received)).to.deep.equal([third, second, first]);
    expectProblem(await list('', await world.bank.customer()), 404, 'ACCOUNT_NOT_FOUND');
    expectProblem(await list('status=open'), 400, 'VALIDATION_FAILED');
  });

  it('shows pending holds on the statement’s first page, apart from the posted lines', async () => {
    const held = await place(250);
    const statement = await world.bank.http().get(`/v1/accounts/${world.source.id}/transactions`).set('Authorization', world.alice.authorization);
    expect(statement.body.items.map((l: { type: string; balanceAfter: number }) => [l.type, l.balanceAfter])).to.deep.equal([['deposit', 1_000]]);
    expect(statement.body.pending.map((h: { id: string; amount: number }) => [h.id, h.amount])).to.deep.equal([[held, 250]]);
    world.clock.advanceSeconds(61);
    const later = await world.bank.http().get(`/v1/accounts/${world.source.id}/transactions`).set('Authorization', world.alice.authorization);
    expect(later.body.pending).to.deep.equal([]);
  });
});

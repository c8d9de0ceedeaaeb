import { expect } from 'chai';
import { aKey, expectProblem } from '../financial/bank';
import { useBank } from '../financial/use-bank';
import { eventsAfter, lastPosition, outboxRows } from './events-feed';

/**
 * Every change writes its event in its own transaction, and the event's data is what GET of the
 * resource answers. A refused change writes none.
 */
describe('events recorded with their changes', function () {
  this.timeout(30_000);
  const world = useBank();

  it('a deposit writes one transaction.posted whose data is GET /v1/transactions/{id}', async () => {
    const { bank, alice } = world;
    const account = await bank.openAccount(alice);
    const after = await lastPosition(bank);
    const deposit = await bank.deposit(alice.authorization, account.id, { amount: 500 });
    expect(deposit.status, deposit.text).to.equal(201);

    const events = await eventsAfter(bank, after);

    expect(events.map((e) => e.type)).to.deep.equal(['transaction.posted']);
    const shown = await bank.http().get(`/v1/transactions/${deposit.body.id}`).set('Authorization', alice.authorization);
    expect(events[0].data).to.deep.equal(shown.body);
  });

  it('a transfer writes one event ordered by both accounts; one without funds writes none', async () => {
    const { bank, alice, bob } = world;
    const from = await bank.openAccount(alice);
    const to = await bank.openAccount(bob);
    await bank.deposit(alice.authorization, from.id, { amount: 300 });
    const after = await lastPosition(bank);
    const before = (await outboxRows(bank.app)).length;

    const refused = await bank.transfer(alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 301 }, aKey());
    expectProblem(refused, 422, 'INSUFFICIENT_FUNDS');
    expect(await outboxRows(bank.app)).to.have.length(before);

    const transfer = await bank.transfer(alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 120 });
    expect(transfer.status, transfer.text).to.equal(201);
    const rows = await outboxRows(bank.app);
    expect(rows).to.have.length(before + 1);
    expect(rows[rows.length - 1].ordering_keys).to.have.members([from.id, to.id]);

    const events = await eventsAfter(bank, after);
    expect(events.map((e) => e.type)).to.deep.equal(['transaction.posted']);
    const shown = await bank.http().get(`/v1/transactions/${transfer.body.id}`).set('Authorization', alice.authorization);
    expect(events[0].data).to.deep.equal(shown.body);
  });

  it('deactivating a user writes user.deactivated, then account.frozen with the account as GET shows it', async () => {
    const { bank } = world;
    const carol = await bank.customer();
    const account = await bank.openAccount(carol);
    const after = await lastPosition(bank);

    const res = await bank.http().post(`/v1/users/${carol.cpf}/deactivate`).set('Authorization', bank.admin.authorization);
    expect(res.status, res.text).to.equal(200);

    const events = await eventsAfter(bank, after);
    expect(events.map((e) => e.type)).to.deep.equal(['user.deactivated', 'account.frozen']);
    const user = await bank.http().get(`/v1/users/${carol.cpf}`).set('Authorization', bank.admin.authorization);
    expect(events[0].data).to.deep.equal(user.body);
    expect(JSON.stringify(events[0].data)).not.to.match(/password|hash/i);
    const shown = await bank.http().get(`/v1/accounts/${account.id}`).set('Authorization', bank.admin.authorization);
    expect(events[1].data).to.deep.equal(shown.body);
    expect(shown.body).to.include({ status: 'frozen' });
  });

  it('opening and closing an account write account.opened and account.closed', async () => {
    const { bank, alice } = world;
    const after = await lastPosition(bank);
    const account = await bank.openAccount(alice);
    const closed = await bank.http().post(`/v1/accounts/${account.id}/close`).set('Authorization', alice.authorization).set('Idempotency-Key', aKey());
    expect(closed.status, closed.text).to.equal(200);

    const events = await eventsAfter(bank, after);
    expect(events.map((e) => e.type)).to.deep.equal(['account.opened', 'account.closed']);
    expect(events[0].data).to.deep.equal(account);
    expect(events[1].data).to.deep.equal(closed.body);
  });
});

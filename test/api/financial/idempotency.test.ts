import { expect } from 'chai';
import { idempotencyPurgeCommand } from '../../../src/cli/commands/idempotency.command';
import { aKey, expectProblem } from './bank';
import { useBank } from './use-bank';
import { runCommand } from '../../helpers/cli';

describe('idempotency of money POSTs', () => {
  const world = useBank();

  it('a repeat replays the first status and body byte for byte, with Idempotent-Replayed, and moves nothing', async () => {
    const from = await world.bank.fundedAccount(world.alice, 500);
    const to = await world.bank.openAccount(world.bob);
    const key = aKey();
    const first = await world.bank.transfer(world.alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 100 }, key);
    expect(first.status).to.equal(201);
    expect(first.headers['idempotent-replayed']).to.equal(undefined);
    const count = await world.bank.transactionCount();

    for (let i = 0; i < 3; i++) {
      const repeat = await world.bank.transfer(world.alice.authorization, { amount: 100, toAccountId: to.id, fromAccountId: from.id }, key);
      expect(repeat.status).to.equal(201);
      expect(repeat.text).to.equal(first.text);
      expect(repeat.headers.location).to.equal(first.headers.location);
      expect(repeat.headers['idempotent-replayed']).to.equal('true');
    }
    expect(await world.bank.transactionCount()).to.equal(count);
    expect([await world.bank.balance(from.id), await world.bank.balance(to.id)]).to.deep.equal([400, 100]);
  });

  it('the same key with a different request is 422, whatever differs (body, path, operation)', async () => {
    const from = await world.bank.fundedAccount(world.alice, 500);
    const to = await world.bank.openAccount(world.bob);
    const key = aKey();
    expect((await world.bank.transfer(world.alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 100 }, key)).status).to.equal(201);
    const count = await world.bank.transactionCount();
    expectProblem(await world.bank.transfer(world.alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 101 }, key), 422, 'IDEMPOTENCY_KEY_REUSED');
    expectProblem(await world.bank.transfer(world.alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 100, description: 'x' }, key), 422, 'IDEMPOTENCY_KEY_REUSED');
    expectProblem(await world.bank.deposit(world.alice.authorization, from.id, { amount: 100 }, key), 422, 'IDEMPOTENCY_KEY_REUSED');
    expectProblem(await world.bank.withdraw(world.alice.authorization, from.id, { amount: 100 }, key), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await world.bank.transactionCount()).to.equal(count);
  });

  it('the path is the route’s: an id in capitals is the same request (replayed), not a reused key; a trailing slash is no route', async () => {
    const from = await world.bank.fundedAccount(world.alice, 500);
    const to = await world.bank.openAccount(world.bob);
    const body = { fromAccountId: from.id, toAccountId: to.id, amount: 10, currency: 'BRL' };
    const slashed = await world.bank.http().post('/v1/transfers/').set('Authorization', world.alice.authorization).set('Idempotency-Key', aKey()).send(body);
    expectProblem(slashed, 404, 'ROUTE_NOT_FOUND');

    const depositKey = aKey();
    const deposit = { amount: 7, currency: 'BRL', source: 'tok_visa' };
    const upper = await world.bank.http().post(`/v1/accounts/${from.id.toUpperCase()}/deposits`).set('Authorization', world.alice.authorization).set('Idempotency-Key', depositKey).send(deposit);
    expect(upper.status, upper.text).to.equal(201);
    const lower = await world.bank.http().post(`/v1/accounts/${from.id}/deposits`).set('Authorization', world.alice.authorization).set('Idempotency-Key', depositKey).send(deposit);
    expect(lower.status, lower.text).to.equal(201);
    expect(lower.headers['idempotent-replayed']).to.equal('true');
    expect(await world.bank.balance(from.id)).to.equal(507);
  });

  it('keys belong to their caller: another principal’s identical key is a request of its own', async () => {
    const key = aKey();
    const mine = await world.bank.fundedAccount(world.alice, 10);
    const theirs = await world.bank.openAccount(world.bob);
    const a = await world.bank.deposit(world.alice.authorization, mine.id, { amount: 5 }, key);
    const b = await world.bank.deposit(world.bob.authorization, theirs.id, { amount: 5 }, key);
    expect([a.status, b.status]).to.deep.equal([201, 201]);
    expect(b.body.id).to.not.equal(a.body.id);
    expect(b.headers['idempotent-replayed']).to.equal(undefined);
  });

  it('a 4xx outcome is stored and replayed: the retry does not run again even once it could succeed', async () => {
    const account = await world.bank.fundedAccount(world.alice, 50);
    const key = aKey();
    expectProblem(await world.bank.withdraw(world.alice.authorization, account.id, { amount: 80 }, key), 422, 'INSUFFICIENT_FUNDS');
    expect((await world.bank.deposit(world.alice.authorization, account.id, { amount: 100 })).status).to.equal(201);
    const replay = await world.bank.withdraw(world.alice.authorization, account.id, { amount: 80 }, key);
    const body = expectProblem(replay, 422, 'INSUFFICIENT_FUNDS');
    expect(replay.headers['idempotent-replayed']).to.equal('true');
    expect(body.detail).to.equal('The account balance does not cover this amount');
    expect(await world.bank.balance(account.id)).to.equal(150);
  });

  it('a stored 4xx renders exactly like the live one, but for its own requestId', async () => {
    const account = await world.bank.openAccount(world.alice);
    const key = aKey();
    const live = await world.bank.withdraw(world.alice.authorization, account.id, { amount: 80 }, key);
    const replay = await world.bank.withdraw(world.alice.authorization, account.id, { amount: 80 }, key);
    expect(replay.headers['idempotent-replayed']).to.equal('true');
    expect([replay.status, replay.headers['content-type']]).to.deep.equal([live.status, live.headers['content-type']]);
    expect({ ...replay.body, requestId: 'x' }).to.deep.equal({ ...live.body, requestId: 'x' });
    expect(replay.body.requestId).to.be.a('string').and.not.equal(live.body.requestId);
  });

  it('a declined deposit (402) is replayed, never charged again', async () => {
    const account = await world.bank.openAccount(world.alice);
    const key = aKey();
    expectProblem(await world.bank.deposit(world.alice.authorization, account.id, { amount: 5, source: 'tok_decline' }, key), 402, 'PAYMENT_DECLINED');
    const replay = await world.bank.deposit(world.alice.authorization, account.id, { amount: 5, source: 'tok_decline' }, key);
    expectProblem(replay, 402, 'PAYMENT_DECLINED');
    expect(replay.headers['idempotent-replayed']).to.equal('true');
  });

  it('a 5xx outcome is not stored: the retry runs again', async () => {
    const account = await world.bank.fundedAccount(world.alice, 100);
    const key = aKey();
    expectProblem(await world.bank.withdraw(world.alice.authorization, account.id, { amount: 30, destination: 'tok_error' }, key), 502, 'GATEWAY_FAILURE');
    expect(await world.app.db('idempotency_keys').where({ key })).to.deep.equal([]);
    const again = await world.bank.withdraw(world.alice.authorization, account.id, { amount: 30, destination: 'tok_error' }, key);
    expectProblem(again, 502, 'GATEWAY_FAILURE');
    expect(again.headers['idempotent-replayed']).to.equal(undefined);
    expect(await world.bank.balances(account.id)).to.deep.equal({ balance: 100, pendingBalance: 0, availableBalance: 100 });
    // Each attempt held the money and voided the hold: two holds, no posting.
    expect(await world.app.db('holds').where({ from_account_id: account.id }).orderBy('created_at').pluck('status')).to.deep.equal(['voided', 'voided']);
    expect(await world.bank.statementOf(account.id)).to.deep.equal([['deposit', 100, 100]]);
  });

  it('the idempotency record commits with the ledger change: both exist, or neither', async () => {
    const from = await world.bank.fundedAccount(world.alice, 100);
    const to = await world.bank.openAccount(world.bob);
    const key = aKey();
    const res = await world.bank.transfer(world.alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 10 }, key);
    const [record] = await world.app.db('idempotency_keys').where({ key });
    expect(record).to.include({ status: 'completed', response_status: 201, scope: `user:${world.alice.id}`, method: 'POST', path: '/v1/transfers' });
    expect(record.response_body).to.equal(res.text);
    expect(await world.app.db('ledger_transactions').where({ id: res.body.id })).to.have.length(1);
  });

  it('50 concurrent requests with one key move money exactly once; the others replay or are told to retry (409)', async () => {
    const from = await world.bank.fundedAccount(world.alice, 1_000);
    const to = await world.bank.openAccount(world.bob);
    const key = aKey();
    const count = await world.bank.transactionCount();
    const responses = await Promise.all(Array.from({ length: 50 }, () => world.bank.transfer(world.alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 7 }, key)));

    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409), JSON.stringify(statuses)).to.equal(true);
    const created = responses.filter((r) => r.status === 201);
    expect(created.filter((r) => r.headers['idempotent-replayed'] === undefined)).to.have.length(1);
    expect(new Set(created.map((r) => r.body.id)).size).to.equal(1);
    for (const r of responses.filter((r) => r.status === 409)) {
      expectProblem(r, 409, 'IDEMPOTENCY_IN_PROGRESS');
      expect(r.headers['retry-after']).to.equal('1');
    }
    expect(await world.bank.transactionCount()).to.equal(count + 1);
    expect([await world.bank.balance(from.id), await world.bank.balance(to.id)]).to.deep.equal([993, 7]);
  });

  it('50 concurrent deposits with one key charge and credit exactly once', async () => {
    const account = await world.bank.openAccount(world.alice);
    const key = aKey();
    const responses = await Promise.all(Array.from({ length: 50 }, () => world.bank.deposit(world.alice.authorization, account.id, { amount: 3 }, key)));
    expect(responses.every((r) => r.status === 201 || r.status === 409)).to.equal(true);
    expect(await world.bank.balance(account.id)).to.equal(3);
  });

  it('idempotency:purge removes only records past their 24 h', async () => {
    const account = await world.bank.openAccount(world.alice);
    const old = aKey();
    const recent = aKey();
    expect((await world.bank.deposit(world.alice.authorization, account.id, { amount: 1 }, old)).status).to.equal(201);
    expect((await world.bank.deposit(world.alice.authorization, account.id, { amount: 2 }, recent)).status).to.equal(201);
    await world.app.db('idempotency_keys').where({ key: old }).update({ expires_at: new Date(Date.now() - 60_000) });

    const { code, out } = await runCommand(world.app, idempotencyPurgeCommand);
    expect(code).to.equal(0);
    expect(JSON.parse(out[0])).to.deep.equal({ purged: 1 });
    expect(await world.app.db('idempotency_keys').whereIn('key', [old, recent]).pluck('key')).to.deep.equal([recent]);
    // Past retention the key is free: a new request with it runs (and moves money) again.
    expect((await world.bank.deposit(world.alice.authorization, account.id, { amount: 1 }, old)).headers['idempotent-replayed']).to.equal(undefined);
    expect(await world.bank.balance(account.id)).to.equal(4);
  });
});

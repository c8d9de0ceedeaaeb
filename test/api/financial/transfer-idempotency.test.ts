import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { usingPostgres } from '../../helpers/database';
import { aKey, expectProblem } from './bank';
import { useBank } from './use-bank';

/**
 * A transfer's Idempotency-Key is claimed inside the movement's own transaction: repeats wait for
 * the first attempt's commit or rollback instead of being told to retry.
 */
describe('transfers: the key and the movement commit once', () => {
  const world = useBank();

  it('20 concurrent identical transfers with one key: one transaction, 20 identical 201 answers, 19 replayed', async () => {
    const from = await world.bank.fundedAccount(world.alice, 1_000);
    const to = await world.bank.openAccount(world.bob);
    const key = aKey();
    const count = await world.bank.transactionCount();
    const body = { fromAccountId: from.id, toAccountId: to.id, amount: 7 };
    const responses = await Promise.all(Array.from({ length: 20 }, () => world.bank.transfer(world.alice.authorization, body, key)));

    expect(responses.map((r) => r.status)).to.deep.equal(Array(20).fill(201));
    expect(new Set(responses.map((r) => r.text)).size).to.equal(1);
    expect(new Set(responses.map((r) => r.headers.location)).size).to.equal(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).to.have.length(19);
    expect(await world.bank.transactionCount()).to.equal(count + 1);
    expect([await world.bank.balance(from.id), await world.bank.balance(to.id)]).to.deep.equal([993, 7]);
  });

  it('the key reused with another body is 422 and moves nothing', async () => {
    const from = await world.bank.fundedAccount(world.alice, 100);
    const to = await world.bank.openAccount(world.bob);
    const key = aKey();
    expect((await world.bank.transfer(world.alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 10 }, key)).status).to.equal(201);
    expectProblem(await world.bank.transfer(world.alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 11 }, key), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect([await world.bank.balance(from.id), await world.bank.balance(to.id)]).to.deep.equal([90, 10]);
  });

  it('the key reused with a body its rules refuse is still 422 IDEMPOTENCY_KEY_REUSED, and a repeat now refused still replays its 201', async () => {
    const from = await world.bank.fundedAccount(world.alice, 100);
    const to = await world.bank.openAccount(world.bob);
    const key = aKey();
    const body = { fromAccountId: from.id, toAccountId: to.id, amount: 60 };
    const first = await world.bank.transfer(world.alice.authorization, body, key);
    expect(first.status).to.equal(201);
    // 60 more would overdraw the account: the rules refuse both bodies before any key is read.
    expectProblem(await world.bank.transfer(world.alice.authorization, { ...body, amount: 61 }, key), 422, 'IDEMPOTENCY_KEY_REUSED');
    const repeat = await world.bank.transfer(world.alice.authorization, body, key);
    expect([repeat.status, repeat.headers['idempotent-replayed'], repeat.text]).to.deep.equal([201, 'true', first.text]);
    expect([await world.bank.balance(from.id), await world.bank.balance(to.id)]).to.deep.equal([40, 60]);
  });

  it('a transfer refused by a rule is stored: its retry replays the refusal even once the funds arrived', async () => {
    const from = await world.bank.fundedAccount(world.alice, 50);
    const to = await world.bank.openAccount(world.bob);
    const key = aKey();
    const body = { fromAccountId: from.id, toAccountId: to.id, amount: 80 };
    const live = await world.bank.transfer(world.alice.authorization, body, key);
    expectProblem(live, 422, 'INSUFFICIENT_FUNDS');
    expect(live.headers['idempotent-replayed']).to.equal(undefined);
    const [record] = await world.app.db('idempotency_keys').where({ key });
    expect(record).to.include({ status: 'completed', response_status: 422 });

    expect((await world.bank.deposit(world.alice.authorization, from.id, { amount: 100 })).status).to.equal(201);
    const replay = await world.bank.transfer(world.alice.authorization, body, key);
    const problem = expectProblem(replay, 422, 'INSUFFICIENT_FUNDS');
    expect(replay.headers['idempotent-replayed']).to.equal('true');
    expect(problem.detail).to.equal(live.body.detail);
    expect([await world.bank.balance(from.id), await world.bank.balance(to.id)]).to.deep.equal([150, 0]);
  });

  it('10 concurrent refused transfers with one key: ten identical refusals, one stored record, nothing moved', async () => {
    const from = await world.bank.fundedAccount(world.alice, 5);
    const to = await world.bank.openAccount(world.bob);
    const key = aKey();
    const count = await world.bank.transactionCount();
    const body = { fromAccountId: from.id, toAccountId: to.id, amount: 6 };
    const responses = await Promise.all(Array.from({ length: 10 }, () => world.bank.transfer(world.alice.authorization, body, key)));
    for (const r of responses) expectProblem(r, 422, 'INSUFFICIENT_FUNDS');
    expect(await world.app.db('idempotency_keys').where({ key }).pluck('response_status')).to.deep.equal([422]);
    expect(await world.bank.transactionCount()).to.equal(count);
  });

  describe('on PostgreSQL: a repeat waits for the first attempt on the key’s unique index', () => {
    before(function () {
      // The embedded database has one connection: a second transaction cannot be held open beside the app's.
      if (!usingPostgres()) this.skip();
    });

    /** Holds the key as an attempt in flight would (its row inserted, uncommitted) while `during` runs. */
    async function holdingTheKey(key: string, hash: string, during: () => Promise<void>, end: 'commit' | 'rollback'): Promise<void> {
      const trx = await world.app.db.transaction();
      await trx('idempotency_keys').insert({
        scope: `user:${world.alice.id}`,
        key,
        method: 'POST',
        path: '/v1/transfers',
        request_hash: hash,
        status: 'completed',
        response_status: 201,
        response_body: '{}',
        expires_at: trx.raw("now() + interval '1 hour'"),
      });
      await during();
      await (end === 'commit' ? trx.commit() : trx.rollback());
    }

    it('when the first attempt rolls back, the waiting repeat goes ahead as the first', async () => {
      const from = await world.bank.fundedAccount(world.alice, 100);
      const to = await world.bank.openAccount(world.bob);
      const key = aKey();
      let answered = false;
      let pending: Promise<{ status: number; headers: Record<string, string> }> | undefined;
      await holdingTheKey(
        key,
        'a-first-attempt',
        async () => {
          pending = world.bank.transfer(world.alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 30 }, key).then((r) => {
            answered = true;
            return r;
          });
          await sleep(300);
          expect(answered, 'the repeat must wait for the first attempt').to.equal(false);
        },
        'rollback',
      );
      const res = await pending!;
      expect(res.status).to.equal(201);
      expect(res.headers['idempotent-replayed']).to.equal(undefined);
      expect([await world.bank.balance(from.id), await world.bank.balance(to.id)]).to.deep.equal([70, 30]);
    });

    it('when the first attempt commits, the waiting repeat answers from its record (here: another body, 422)', async () => {
      const from = await world.bank.fundedAccount(world.alice, 100);
      const to = await world.bank.openAccount(world.bob);
      const key = aKey();
      let pending: Promise<unknown> | undefined;
      await holdingTheKey(
        key,
        'another-request',
        async () => {
          pending = world.bank.transfer(world.alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 30 }, key).then((r) => r);
          await sleep(300);
        },
        'commit',
      );
      expectProblem((await pending!) as never, 422, 'IDEMPOTENCY_KEY_REUSED');
      expect([await world.bank.balance(from.id), await world.bank.balance(to.id)]).to.deep.equal([100, 0]);
    });
  });
});

import { expect } from 'chai';
import request from 'supertest';
import type { FincoreApp } from '../../../src/config/composition-root';
import { Bank, aKey, createBankApp, expectProblem } from './bank';
import { useBank } from './use-bank';

/**
 * A transfer's first try runs its rules before its key is read (the key is written by the posting
 * statement). A refusal there may be a repeat's: it is answered and counted only once the key is
 * claimed. A repeat of a transfer that drained the account must replay its 201, or fail with a
 * 5xx when the claim cannot be made, never answer the live refusal (a client would pay again).
 */
describe('transfer refusals found before the key is read', () => {
  const world = useBank();

  it('the claim of a repeat fails transiently: 5xx or the replayed 201, never a live 422', async () => {
    const db = world.app.db;
    const from = await world.bank.fundedAccount(world.alice, 100);
    const to = await world.bank.openAccount(world.bob);
    const key = aKey();
    const body = { fromAccountId: from.id, toAccountId: to.id, amount: 100 };
    const first = await world.bank.transfer(world.alice.authorization, body, key);
    expect(first.status).to.equal(201);

    // A transient failure of the claim's statement (standing in for a lock or statement timeout,
    // a pool acquire timeout, a failover): only claims insert 'in_progress' rows.
    await db.raw(`CREATE OR REPLACE FUNCTION claim_fails() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.status = 'in_progress' THEN RAISE EXCEPTION 'transient failure'; END IF; RETURN NEW; END $$`);
    await db.raw('CREATE TRIGGER claim_fails BEFORE INSERT ON idempotency_keys FOR EACH ROW EXECUTE FUNCTION claim_fails()');
    let repeat;
    try {
      repeat = await world.bank.transfer(world.alice.authorization, body, key);
    } finally {
      await db.raw('DROP TRIGGER claim_fails ON idempotency_keys');
    }
    expect([await world.bank.balance(from.id), await world.bank.balance(to.id)], 'the money moved').to.deep.equal([0, 100]);
    const answer = `${repeat.status} ${repeat.body?.code ?? ''}`;
    expect(repeat.status === 201 || repeat.status >= 500, `a repeat of a 201 answered ${answer}`).to.equal(true);
  });
});

function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.slice(0, l.indexOf('}')).includes(w)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('a replayed transfer is not counted as a failed movement', () => {
  let app: FincoreApp;
  let bank: Bank;
  const refusals = async () => sample((await request(app.http).get('/metrics')).text, 'ledger_movements_total', { type: 'transfer', outcome: 'INSUFFICIENT_FUNDS' });

  beforeEach(async () => {
    app = await createBankApp();
    bank = await new Bank(app).init();
  });
  afterEach(() => app.close());

  it('a repeat of a 201 transfer that drained the account replays 201 and counts no INSUFFICIENT_FUNDS', async () => {
    const alice = await bank.customer();
    const from = await bank.fundedAccount(alice, 100);
    const to = await bank.openAccount(alice);
    const key = aKey();
    const body = { fromAccountId: from.id, toAccountId: to.id, amount: 100 };
    const first = await bank.transfer(alice.authorization, body, key);
    expect(first.status).to.equal(201);
    const before = await refusals();
    const repeat = await bank.transfer(alice.authorization, body, key);
    expect([repeat.status, repeat.headers['idempotent-replayed'], repeat.text]).to.deep.equal([201, 'true', first.text]);
    expect(await refusals(), 'a replay is not an attempt').to.equal(before);
  });

  it('repeats of a stored refusal are not counted again', async () => {
    const alice = await bank.customer();
    const from = await bank.fundedAccount(alice, 5);
    const to = await bank.openAccount(alice);
    const key = aKey();
    const body = { fromAccountId: from.id, toAccountId: to.id, amount: 6 };
    expectProblem(await bank.transfer(alice.authorization, body, key), 422, 'INSUFFICIENT_FUNDS');
    const before = await refusals();
    for (let i = 0; i < 5; i++) {
      const r = await bank.transfer(alice.authorization, body, key);
      expectProblem(r, 422, 'INSUFFICIENT_FUNDS');
      expect(r.headers['idempotent-replayed']).to.equal('true');
    }
    expect(await refusals(), 'five replays of one stored refusal').to.equal(before);
  });

  // Concurrent repeats waiting on the key are each run once the refused first attempt rolls its
  // claim back (the claim-first path): on PostgreSQL several may count, each an attempt that ran.
  it('50 concurrent repeats of one refused request: one answer, replayed to the rest, counted at most once each', async () => {
    const alice = await bank.customer();
    const from = await bank.fundedAccount(alice, 5);
    const to = await bank.openAccount(alice);
    const key = aKey();
    const body = { fromAccountId: from.id, toAccountId: to.id, amount: 6 };
    const before = await refusals();
    const responses = await Promise.all(Array.from({ length: 50 }, () => bank.transfer(alice.authorization, body, key)));
    for (const r of responses) expectProblem(r, 422, 'INSUFFICIENT_FUNDS');
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).to.have.length(49);
    const counted = (await refusals()) - before;
    expect(counted).to.be.within(1, 50);
  });
});

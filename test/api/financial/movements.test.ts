import { expect } from 'chai';
import type { FincoreApp } from '../../../src/config/composition-root';
import { GatewayStandIn, succeeded } from '../../helpers/gateway-stand-in';
import type { StoredUser } from '../../helpers/users';
import { aKey, Bank, createBankApp, expectProblem, type AccountBody } from './bank';

const UNKNOWN_ID = '99999999-9999-4999-8999-999999999999';
const SETTLEMENT = '00000000-0000-4000-8000-00000042524c';

describe('money movement API', () => {
  let app: FincoreApp;
  let bank: Bank;
  let alice: StoredUser;
  let bob: StoredUser;

  before(async () => {
    app = await createBankApp({ SUPPORTED_CURRENCIES: 'BRL,USD' });
    bank = await new Bank(app).init();
    alice = await bank.customer();
    bob = await bank.customer();
  });
  after(async () => {
    await app.close();
  });

  describe('amounts are JSON integers of minor units, 1 to 10^12', () => {
    const invalid: [string, unknown][] = [
      ['a float', 10.5],
      ['a tiny fraction', 1.0000001],
      ['a numeric string', '100'],
      ['zero', 0],
      ['a negative', -100],
      ['more than 10^12', 1_000_000_000_001],
      ['an unsafe integer', 2 ** 60],
      ['null', null],
      ['a boolean', true],
      ['an object', { value: 100 }],
    ];
    let account: AccountBody;
    let target: AccountBody;
    before(async () => {
      account = await bank.fundedAccount(alice, 1_000);
      target = await bank.openAccount(bob);
    });

    for (const [name, amount] of invalid) {
      it(`refuses ${name} on deposits, withdrawals and transfers (400), moving nothing`, async () => {
        const count = await bank.transactionCount();
        for (const res of [
          await bank.deposit(alice.authorization, account.id, { amount }),
          await bank.withdraw(alice.authorization, account.id, { amount }),
          await bank.transfer(alice.authorization, { fromAccountId: account.id, toAccountId: target.id, amount }),
        ]) {
          const body = expectProblem(res, 400, 'VALIDATION_FAILED');
          expect((body.errors as { path: string }[]).map((e) => e.path)).to.deep.equal(['body.amount']);
        }
        expect(await bank.transactionCount()).to.equal(count);
      });
    }

    it('requires the amount', async () => {
      expectProblem(await bank.deposit(alice.authorization, account.id, { amount: undefined }), 400, 'VALIDATION_FAILED');
    });

    it('accepts exactly 10^12 and 1', async () => {
      const big = await bank.openAccount(alice);
      expect((await bank.deposit(alice.authorization, big.id, { amount: 1_000_000_000_000 })).status).to.equal(201);
      expect((await bank.deposit(alice.authorization, big.id, { amount: 1 })).status).to.equal(201);
      expect(await bank.balance(big.id)).to.equal(1_000_000_000_001);
    });
  });

  describe('Idempotency-Key is required on every money POST', () => {
    it('400 without it, and for a key that is empty, too long or not visible ASCII', async () => {
      const account = await bank.fundedAccount(alice, 100);
      const other = await bank.openAccount(bob);
      for (const res of [
        await bank.deposit(alice.authorization, account.id, { amount: 1 }, null),
        await bank.withdraw(alice.authorization, account.id, { amount: 1 }, null),
        await bank.transfer(alice.authorization, { fromAccountId: account.id, toAccountId: other.id, amount: 1 }, null),
        await bank.reverse(bank.admin.authorization, UNKNOWN_ID, null),
      ]) {
        expectProblem(res, 400, 'IDEMPOTENCY_KEY_REQUIRED');
      }
      for (const key of ['', 'x'.repeat(256), 'has space', 'ação']) {
        const res = await bank.http().post(`/v1/accounts/${account.id}/deposits`).set('Authorization', alice.authorization).set('Idempotency-Key', Buffer.from(key, 'utf8').toString('latin1')).send({ amount: 1, currency: 'BRL', source: 'tok_visa' });
        expect(res.status, `key "${key}"`).to.equal(400);
      }
      expect((await bank.deposit(alice.authorization, account.id, { amount: 1 }, 'k'.repeat(255))).status).to.equal(201);
      expect(await bank.balance(account.id)).to.equal(101);
    });
  });

  describe('POST /v1/accounts/{id}/deposits', () => {
    it('charges the sandbox gateway and credits the account: 201, Location, the transaction', async () => {
      const account = await bank.openAccount(alice);
      const res = await bank.deposit(alice.authorization, account.id, { amount: 2_500, description: 'first salary' });
      expect(res.status, res.text).to.equal(201);
      expect(res.headers.location).to.equal(`/v1/transactions/${res.body.id}`);
      expect(res.body).to.deep.include({ type: 'deposit', amount: 2_500, currency: 'BRL', description: 'first salary', reversesTransactionId: null, reversedByTransactionId: null });
      expect(res.body.entries).to.deep.equal([
        { accountId: account.id, amount: 2_500 },
        { accountId: SETTLEMENT, amount: -2_500 },
      ]);
      expect(await bank.balance(account.id)).to.equal(2_500);
    });

    for (const [source, status, code] of [
      ['tok_decline', 402, 'PAYMENT_DECLINED'],
      ['tok_error', 502, 'GATEWAY_FAILURE'],
      ['tok_timeout', 504, 'GATEWAY_TIMEOUT'],
    ] as const) {
      it(`${source}: ${status}, and no balance changes`, async () => {
        const account = await bank.fundedAccount(alice, 100);
        const count = await bank.transactionCount();
        expectProblem(await bank.deposit(alice.authorization, account.id, { amount: 50, source }), status, code);
        expect(await bank.balance(account.id)).to.equal(100);
        expect(await bank.transactionCount()).to.equal(count);
      });
    }

    it('refuses another currency than the account’s (422) and an unsupported one (422)', async () => {
      const account = await bank.openAccount(alice);
      expectProblem(await bank.deposit(alice.authorization, account.id, { amount: 5, currency: 'USD' }), 422, 'CURRENCY_MISMATCH');
      expectProblem(await bank.deposit(alice.authorization, account.id, { amount: 5, currency: 'EUR' }), 422, 'UNSUPPORTED_CURRENCY');
      expectProblem(await bank.deposit(alice.authorization, account.id, { amount: 5, currency: 'brl' }), 400, 'VALIDATION_FAILED');
    });

    it('the owner, an admin or payments:write deposit; others get 404 (customers) or 403 (services)', async () => {
      const account = await bank.openAccount(alice);
      expectProblem(await bank.deposit(bob.authorization, account.id, { amount: 5 }), 404, 'ACCOUNT_NOT_FOUND');
      expectProblem(await bank.deposit(bank.service('accounts:write'), account.id, { amount: 5 }), 403, 'FORBIDDEN');
      expect((await bank.deposit(bank.service('payments:write'), account.id, { amount: 5 })).status).to.equal(201);
      expect((await bank.deposit(bank.admin.authorization, account.id, { amount: 5 })).status).to.equal(201);
      expectProblem(await bank.deposit(alice.authorization, UNKNOWN_ID, { amount: 5 }), 404, 'ACCOUNT_NOT_FOUND');
      expectProblem(await bank.deposit(alice.authorization, 'nope', { amount: 5 }), 400, 'VALIDATION_FAILED');
      expectProblem(await bank.http().post(`/v1/accounts/${account.id}/deposits`).set('Idempotency-Key', aKey()).send({ amount: 5, currency: 'BRL', source: 'x' }), 401, 'UNAUTHENTICATED');
      expectProblem(await bank.deposit(bank.admin.authorization, SETTLEMENT, { amount: 5 }), 409, 'SYSTEM_ACCOUNT');
      expect(await bank.balance(account.id)).to.equal(10);
    });

    it('needs a source; refuses unknown fields', async () => {
      const account = await bank.openAccount(alice);
      expectProblem(await bank.deposit(alice.authorization, account.id, { amount: 5, source: undefined }), 400, 'VALIDATION_FAILED');
      expectProblem(await bank.deposit(alice.authorization, account.id, { amount: 5, balanceAfter: 9 }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('POST /v1/accounts/{id}/withdrawals', () => {
    it('debits and pays out: 201', async () => {
      const account = await bank.fundedAccount(alice, 1_000);
      const res = await bank.withdraw(alice.authorization, account.id, { amount: 400 });
      expect(res.status, res.text).to.equal(201);
      expect(res.body).to.deep.include({ type: 'withdrawal', amount: 400 });
      expect(res.body.entries).to.deep.equal([
        { accountId: account.id, amount: -400 },
        { accountId: SETTLEMENT, amount: 400 },
      ]);
      expect(await bank.balance(account.id)).to.equal(600);
      const [row] = await app.db('ledger_transactions').where({ id: res.body.id });
      expect(row.gateway_reference).to.match(/^po_sandbox_/);
    });

    it('never below zero: 422 INSUFFICIENT_FUNDS, nothing paid out', async () => {
      const account = await bank.fundedAccount(alice, 99);
      const count = await bank.transactionCount();
      expectProblem(await bank.withdraw(alice.authorization, account.id, { amount: 100 }), 422, 'INSUFFICIENT_FUNDS');
      expect(await bank.balance(account.id)).to.equal(99);
      expect(await bank.transactionCount()).to.equal(count);
    });

    for (const [destination, status, code] of [
      ['tok_error', 502, 'GATEWAY_FAILURE'],
      ['tok_decline', 402, 'PAYMENT_DECLINED'],
    ] as const) {
      it(`a payout that fails (${destination}) is put back by a reversal in the same request: ${status}, balance unchanged`, async () => {
        const account = await bank.fundedAccount(alice, 300);
        expectProblem(await bank.withdraw(alice.authorization, account.id, { amount: 120, destination }), status, code);
        expect(await bank.balance(account.id)).to.equal(300);
        const statement = await bank.http().get(`/v1/accounts/${account.id}/transactions`).set('Authorization', alice.authorization);
        expect(statement.body.items.map((l: { type: string; amount: number; balanceAfter: number }) => [l.type, l.amount, l.balanceAfter])).to.deep.equal([
          ['reversal', 120, 300],
          ['withdrawal', -120, 180],
          ['deposit', 300, 300],
        ]);
        expect((await bank.integrity()).balanced).to.equal(true);
      });
    }

    it('a payout that times out (tok_timeout) may have been paid: 504, the debit stays, and a retry resumes it without debiting again', async () => {
      const account = await bank.fundedAccount(alice, 300);
      const key = aKey();
      expectProblem(await bank.withdraw(alice.authorization, account.id, { amount: 120, destination: 'tok_timeout' }, key), 504, 'GATEWAY_TIMEOUT');
      expect(await bank.balance(account.id)).to.equal(180);
      const retry = await bank.withdraw(alice.authorization, account.id, { amount: 120, destination: 'tok_timeout' }, key);
      expectProblem(retry, 504, 'GATEWAY_TIMEOUT');
      expect(retry.headers['idempotent-replayed'], '5xx outcomes are not stored').to.equal(undefined);
      expect(await bank.balance(account.id)).to.equal(180);
      const statement = await bank.http().get(`/v1/accounts/${account.id}/transactions`).set('Authorization', alice.authorization);
      expect(statement.body.items.map((l: { type: string }) => l.type)).to.deep.equal(['withdrawal', 'deposit']);
      expect((await bank.integrity()).balanced).to.equal(true);
    });

    it('others get 404, services without payments:write 403', async () => {
      const account = await bank.fundedAccount(alice, 10);
      expectProblem(await bank.withdraw(bob.authorization, account.id, { amount: 1 }), 404, 'ACCOUNT_NOT_FOUND');
      expectProblem(await bank.withdraw(bank.service('accounts:read', 'accounts:write'), account.id, { amount: 1 }), 403, 'FORBIDDEN');
      expect((await bank.withdraw(bank.service('payments:write'), account.id, { amount: 1 })).status).to.equal(201);
    });
  });

  describe('POST /v1/transfers', () => {
    it('moves money between two accounts: 201', async () => {
      const from = await bank.fundedAccount(alice, 1_000);
      const to = await bank.openAccount(bob);
      const res = await bank.transfer(alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 250, description: 'dinner' });
      expect(res.status, res.text).to.equal(201);
      expect(res.headers.location).to.equal(`/v1/transactions/${res.body.id}`);
      expect(res.body).to.deep.include({ type: 'transfer', amount: 250, description: 'dinner' });
      expect([await bank.balance(from.id), await bank.balance(to.id)]).to.deep.equal([750, 250]);
    });

    it('refuses the same account, insufficient funds and another currency (422)', async () => {
      const from = await bank.fundedAccount(alice, 100);
      const to = await bank.openAccount(bob);
      const dollars = await bank.openAccount(bob, 'USD');
      expectProblem(await bank.transfer(alice.authorization, { fromAccountId: from.id, toAccountId: from.id, amount: 1 }), 422, 'SAME_ACCOUNT');
      expectProblem(await bank.transfer(alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 101 }), 422, 'INSUFFICIENT_FUNDS');
      expectProblem(await bank.transfer(alice.authorization, { fromAccountId: from.id, toAccountId: dollars.id, amount: 1 }), 422, 'CURRENCY_MISMATCH');
      expectProblem(await bank.transfer(alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 1, currency: 'USD' }), 422, 'CURRENCY_MISMATCH');
      expect([await bank.balance(from.id), await bank.balance(to.id)]).to.deep.equal([100, 0]);
    });

    it('only the source’s owner sends (404 for others); an unknown destination is 404, a closed one 409', async () => {
      const from = await bank.fundedAccount(alice, 100);
      const to = await bank.openAccount(bob);
      expectProblem(await bank.transfer(bob.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 1 }), 404, 'ACCOUNT_NOT_FOUND');
      expectProblem(await bank.transfer(alice.authorization, { fromAccountId: from.id, toAccountId: UNKNOWN_ID, amount: 1 }), 404, 'ACCOUNT_NOT_FOUND');
      expectProblem(await bank.transfer(bank.service('accounts:write'), { fromAccountId: from.id, toAccountId: to.id, amount: 1 }), 403, 'FORBIDDEN');
      expect((await bank.http().post(`/v1/accounts/${to.id}/close`).set('Authorization', bob.authorization)).status).to.equal(200);
      expectProblem(await bank.transfer(alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 1 }), 409, 'ACCOUNT_CLOSED');
      expectProblem(await bank.transfer(alice.authorization, { fromAccountId: from.id, toAccountId: SETTLEMENT, amount: 1 }), 409, 'SYSTEM_ACCOUNT');
      expect(await bank.balance(from.id)).to.equal(100);
    });
  });

  describe('GET /v1/transactions/{id}', () => {
    it('visible to both parties’ owners, admins and accounts:read; 404 for others, 403 without the scope', async () => {
      const from = await bank.fundedAccount(alice, 100);
      const to = await bank.openAccount(bob);
      const transfer = await bank.transfer(alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 30 });
      const path = `/v1/transactions/${transfer.body.id}`;
      for (const authorization of [alice.authorization, bob.authorization, bank.admin.authorization, bank.service('accounts:read')]) {
        const res = await bank.http().get(path).set('Authorization', authorization);
        expect(res.status).to.equal(200);
        expect(res.body).to.deep.equal(transfer.body);
      }
      const carol = await bank.customer();
      expectProblem(await bank.http().get(path).set('Authorization', carol.authorization), 404, 'TRANSACTION_NOT_FOUND');
      expectProblem(await bank.http().get(path).set('Authorization', bank.service('payments:write')), 403, 'FORBIDDEN');
      expectProblem(await bank.http().get(`/v1/transactions/${UNKNOWN_ID}`).set('Authorization', bank.admin.authorization), 404, 'TRANSACTION_NOT_FOUND');
      expectProblem(await bank.http().get('/v1/transactions/123').set('Authorization', bank.admin.authorization), 400, 'VALIDATION_FAILED');
    });
  });

  describe('POST /v1/transactions/{id}/reversal', () => {
    it('an admin reverses a transfer once: 201, balances restored, then 409', async () => {
      const from = await bank.fundedAccount(alice, 100);
      const to = await bank.openAccount(bob);
      const transfer = await bank.transfer(alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 30 });
      const res = await bank.reverse(bank.admin.authorization, transfer.body.id);
      expect(res.status, res.text).to.equal(201);
      expect(res.body).to.deep.include({ type: 'reversal', amount: 30, reversesTransactionId: transfer.body.id });
      expect([await bank.balance(from.id), await bank.balance(to.id)]).to.deep.equal([100, 0]);
      const original = await bank.http().get(`/v1/transactions/${transfer.body.id}`).set('Authorization', alice.authorization);
      expect(original.body.reversedByTransactionId).to.equal(res.body.id);

      expectProblem(await bank.reverse(bank.admin.authorization, transfer.body.id), 409, 'ALREADY_REVERSED');
      expectProblem(await bank.reverse(bank.admin.authorization, res.body.id), 422, 'NOT_REVERSIBLE');
    });

    it('follows the balance rules: money already spent cannot be taken back (422)', async () => {
      const from = await bank.fundedAccount(alice, 100);
      const to = await bank.openAccount(bob);
      const transfer = await bank.transfer(alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 60 });
      expect((await bank.withdraw(bob.authorization, to.id, { amount: 50 })).status).to.equal(201);
      expectProblem(await bank.reverse(bank.admin.authorization, transfer.body.id), 422, 'INSUFFICIENT_FUNDS');
      expect([await bank.balance(from.id), await bank.balance(to.id)]).to.deep.equal([40, 10]);
    });

    it('does not reverse a deposit in the ledger: it is refunded through the gateway (409 REFUND_REQUIRED)', async () => {
      const account = await bank.openAccount(alice);
      const deposit = await bank.deposit(alice.authorization, account.id, { amount: 70 });
      expectProblem(await bank.reverse(bank.service('ledger:admin'), deposit.body.id), 409, 'REFUND_REQUIRED');
      expect(await bank.balance(account.id)).to.equal(70);
    });

    it('takes no body fields: any is refused (400), reversing nothing', async () => {
      const from = await bank.fundedAccount(alice, 100);
      const to = await bank.openAccount(bob);
      const transfer = await bank.transfer(alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 30 });
      const res = await bank.http().post(`/v1/transactions/${transfer.body.id}/reversal`).set('Authorization', bank.admin.authorization).set('Idempotency-Key', aKey()).send({ amount: 5 });
      const body = expectProblem(res, 400, 'VALIDATION_FAILED');
      expect((body.errors as { path: string }[]).map((e) => e.path)).to.deep.equal(['body.amount']);
      expect([await bank.balance(from.id), await bank.balance(to.id)]).to.deep.equal([70, 30]);
      const empty = await bank.http().post(`/v1/transactions/${transfer.body.id}/reversal`).set('Authorization', bank.admin.authorization).set('Idempotency-Key', aKey()).send({});
      expect(empty.status, empty.text).to.equal(201);
    });

    it('customers and other scopes get 403; an unknown transaction 404', async () => {
      const account = await bank.fundedAccount(alice, 10);
      const [{ id }] = await app.db('ledger_entries').where({ account_id: account.id }).select('transaction_id as id');
      expectProblem(await bank.reverse(alice.authorization, id), 403, 'FORBIDDEN');
      expectProblem(await bank.reverse(bank.service('payments:write', 'accounts:write'), id), 403, 'FORBIDDEN');
      expectProblem(await bank.reverse(bank.admin.authorization, UNKNOWN_ID), 404, 'TRANSACTION_NOT_FOUND');
      expect(await bank.balance(account.id)).to.equal(10);
    });
  });

  describe('GET /v1/ledger/integrity', () => {
    it('admins and ledger:admin see the report; it passes after all the above', async () => {
      for (const authorization of [bank.admin.authorization, bank.service('ledger:admin')]) {
        const res = await bank.http().get('/v1/ledger/integrity').set('Authorization', authorization);
        expect(res.status).to.equal(200);
        expect(res.body.balanced).to.equal(true);
        expect(res.body.problems).to.deep.equal([]);
        expect(res.body.accountsChecked).to.be.above(10);
        expect(res.body.transactionsChecked).to.be.above(10);
      }
      expectProblem(await bank.http().get('/v1/ledger/integrity').set('Authorization', alice.authorization), 403, 'FORBIDDEN');
      expectProblem(await bank.http().get('/v1/ledger/integrity').set('Authorization', bank.service('accounts:read')), 403, 'FORBIDDEN');
    });

    it('reports a tampered balance', async () => {
      const account = await bank.fundedAccount(alice, 10);
      await app.db('accounts').where({ id: account.id }).update({ balance: 11 });
      try {
        const report = await bank.integrity();
        expect(report.balanced).to.equal(false);
        expect(report.problems).to.deep.equal([{ kind: 'BALANCE_MISMATCH', accountId: account.id, detail: 'stored balance 11 but its entries sum to 10' }]);
      } finally {
        await app.db('accounts').where({ id: account.id }).update({ balance: 10 });
      }
    });
  });
});

describe('money movement API with the HTTP payment gateway', () => {
  let standIn: GatewayStandIn;
  let app: FincoreApp;
  let bank: Bank;
  let alice: StoredUser;

  before(async () => {
    standIn = new GatewayStandIn();
    const url = await standIn.start();
    // Generous: these tests hold the gateway's answer while they act, and must not time out meanwhile.
    app = await createBankApp({ PAYMENT_GATEWAY_URL: url, PAYMENT_GATEWAY_TIMEOUT_MS: '2000' });
    bank = await new Bank(app).init();
    alice = await bank.customer();
  });
  after(async () => {
    await app.close();
    await standIn.stop();
  });
  beforeEach(() => {
    standIn.seen.length = 0;
    standIn.reply = (request) => ({ status: 200, body: succeeded(request) });
  });

  it('a failed deposit (502) is not stored: its retry charges again with the same downstream key and succeeds', async () => {
    const account = await bank.openAccount(alice);
    const key = aKey();
    standIn.reply = () => ({ status: 500 });
    expectProblem(await bank.deposit(alice.authorization, account.id, { amount: 80 }, key), 502, 'GATEWAY_FAILURE');
    expect(await bank.balance(account.id)).to.equal(0);
    standIn.reply = (request) => ({ status: 200, body: succeeded(request, 'ch_real_1') });

    const retried = await bank.deposit(alice.authorization, account.id, { amount: 80 }, key);
    expect(retried.status, retried.text).to.equal(201);
    expect(retried.headers['idempotent-replayed']).to.equal(undefined);
    expect(await bank.balance(account.id)).to.equal(80);
    const keys = new Set(standIn.seen.map((r) => r.idempotencyKey));
    expect(keys.size, 'every attempt carried one downstream key').to.equal(1);
    expect([...keys][0]).to.match(/^[0-9a-f]{64}$/).and.not.equal(key);
    const [row] = await app.db('ledger_transactions').where({ id: retried.body.id });
    expect(row.gateway_reference).to.equal('ch_real_1');
  });

  it('a slow deposit still in flight answers a repeat with 409 and Retry-After', async () => {
    const account = await bank.openAccount(alice);
    const key = aKey();
    // The gateway holds its answer until the repeat has been answered: the first is in flight throughout.
    let charged!: () => void;
    const chargeArrived = new Promise<void>((resolve) => (charged = resolve));
    let answerRepeat!: () => void;
    const repeatAnswered = new Promise<void>((resolve) => (answerRepeat = resolve));
    standIn.reply = (request) => {
      charged();
      return { status: 200, body: succeeded(request), hold: repeatAnswered };
    };
    const first = bank.deposit(alice.authorization, account.id, { amount: 10 }, key).then((r) => r);
    await chargeArrived;
    const repeat = await bank.deposit(alice.authorization, account.id, { amount: 10 }, key);
    answerRepeat();
    const body = expectProblem(repeat, 409, 'IDEMPOTENCY_IN_PROGRESS');
    expect(repeat.headers['retry-after']).to.equal('1');
    expect(body.detail).to.match(/still being processed/);
    expect((await first).status).to.equal(201);
    const replay = await bank.deposit(alice.authorization, account.id, { amount: 10 }, key);
    expect(replay.status).to.equal(201);
    expect(replay.headers['idempotent-replayed']).to.equal('true');
    expect(await bank.balance(account.id)).to.equal(10);
    expect(standIn.seen).to.have.length(1);
  });

  it('a deposit whose charge was captured while the account was being closed is still credited, once', async () => {
    const account = await bank.openAccount(alice);
    const key = aKey();
    let closing: Promise<{ status: number }> | undefined;
    standIn.reply = (request) => {
      // The charge has reached the gateway: the owner closes the (still empty) account before it answers.
      closing = bank.http().post(`/v1/accounts/${account.id}/close`).set('Authorization', alice.authorization).then((r) => r);
      return { status: 200, body: succeeded(request, 'ch_real_charge'), hold: closing };
    };
    const res = await bank.deposit(alice.authorization, account.id, { amount: 5_000 }, key);
    expect((await closing!).status).to.equal(200);
    expect(res.status, res.text).to.equal(201);
    expect(await bank.balance(account.id), 'the captured money is credited, not lost').to.equal(5_000);
    const retry = await bank.deposit(alice.authorization, account.id, { amount: 5_000 }, key);
    expect(retry.status).to.equal(201);
    expect(retry.headers['idempotent-replayed']).to.equal('true');
    expect(await bank.balance(account.id)).to.equal(5_000);
    expect(standIn.seen).to.have.length(1);
    expect((await bank.integrity()).balanced).to.equal(true);
  });

  it('a gateway that keeps failing opens the circuit: 503 with Retry-After, without calling it', async () => {
    const account = await bank.fundedAccount(alice, 50);
    standIn.reply = () => ({ status: 503 });
    // Three attempts per call (two retries); five consecutive failures open the circuit.
    expectProblem(await bank.deposit(alice.authorization, account.id, { amount: 1 }), 502, 'GATEWAY_FAILURE');
    const opened = expectProblem(await bank.withdraw(alice.authorization, account.id, { amount: 1 }), 503, 'GATEWAY_UNAVAILABLE');
    expect(opened.detail).to.match(/retry later/);
    const calls = standIn.seen.length;
    const res = await bank.deposit(alice.authorization, account.id, { amount: 1 });
    expectProblem(res, 503, 'GATEWAY_UNAVAILABLE');
    expect(res.headers['retry-after']).to.equal('10');
    expect(standIn.seen.length, 'the open circuit does not call the gateway').to.equal(calls);
    expect(await bank.balance(account.id)).to.equal(50);
    expect((await bank.integrity()).balanced).to.equal(true);
  });
});

describe('money movement API when the HTTP payment gateway answers too late', () => {
  let standIn: GatewayStandIn;
  let app: FincoreApp;
  let bank: Bank;
  let alice: StoredUser;

  before(async () => {
    standIn = new GatewayStandIn();
    const url = await standIn.start();
    app = await createBankApp({ PAYMENT_GATEWAY_URL: url, PAYMENT_GATEWAY_TIMEOUT_MS: '100' });
    bank = await new Bank(app).init();
    alice = await bank.customer();
  });
  after(async () => {
    await app.close();
    await standIn.stop();
  });
  beforeEach(() => {
    standIn.reply = (request) => ({ status: 200, body: succeeded(request) });
  });

  it('a charge that times out answers 504 and stores nothing: a retry with the same key charges with the same downstream key and credits once', async () => {
    const account = await bank.openAccount(alice);
    standIn.seen.length = 0;
    // The gateway captures the charge but answers after the client gave up.
    standIn.reply = (request) => ({ status: 200, body: succeeded(request, 'ch_captured'), delayMs: 400 });
    const key = aKey();
    expectProblem(await bank.deposit(alice.authorization, account.id, { amount: 700 }, key), 504, 'GATEWAY_TIMEOUT');
    expect(await bank.balance(account.id)).to.equal(0);

    standIn.reply = (request) => ({ status: 200, body: succeeded(request, 'ch_captured') });
    const retry = await bank.deposit(alice.authorization, account.id, { amount: 700 }, key);
    expect(retry.status, retry.text).to.equal(201);
    expect(retry.headers['idempotent-replayed']).to.equal(undefined);
    expect(await bank.balance(account.id)).to.equal(700);
    expect(new Set(standIn.seen.map((r) => r.idempotencyKey)).size, 'every charge attempt carried one downstream key').to.equal(1);
    const [row] = await app.db('ledger_transactions').where({ id: retry.body.id });
    expect(row.gateway_reference).to.equal('ch_captured');
  });

  it('a payout that times out answers 504 and stays debited; a retry with the same key completes it once, with the same downstream key', async () => {
    const account = await bank.fundedAccount(alice, 10_000);
    standIn.seen.length = 0;
    // The gateway executes the payout but answers after the client gave up.
    standIn.reply = (request) => ({ status: 200, body: succeeded(request, 'po_executed'), delayMs: 400 });
    const key = aKey();
    expectProblem(await bank.withdraw(alice.authorization, account.id, { amount: 4_000 }, key), 504, 'GATEWAY_TIMEOUT');
    expect(await bank.balance(account.id), 'the money may have left: not put back').to.equal(6_000);

    standIn.reply = (request) => ({ status: 200, body: succeeded(request, 'po_executed') });
    const retry = await bank.withdraw(alice.authorization, account.id, { amount: 4_000 }, key);
    expect(retry.status, retry.text).to.equal(201);
    expect(retry.headers['idempotent-replayed']).to.equal(undefined);
    expect(await bank.balance(account.id)).to.equal(6_000);
    const payouts = standIn.seen.filter((r) => r.path === '/payouts');
    expect(payouts.length).to.be.above(1);
    expect(new Set(payouts.map((r) => r.idempotencyKey)).size, 'every payout attempt carried one downstream key').to.equal(1);
    const withdrawals = await app.db('ledger_transactions').where({ type: 'withdrawal' }).whereIn('id', app.db('ledger_entries').where({ account_id: account.id }).select('transaction_id'));
    expect(withdrawals.map((w) => [w.id, w.gateway_reference])).to.deep.equal([[retry.body.id, 'po_executed']]);
    expect(await app.db('ledger_transactions').where({ reverses_id: retry.body.id })).to.have.length(0);

    const replay = await bank.withdraw(alice.authorization, account.id, { amount: 4_000 }, key);
    expect(replay.headers['idempotent-replayed']).to.equal('true');
    expect(replay.body).to.deep.equal(retry.body);
    expect((await bank.integrity()).balanced).to.equal(true);
  });

  it('an admin cannot reverse a withdrawal whose payout has no result yet (409 WITHDRAWAL_PENDING), nor once it is paid out (409 PAYOUT_SETTLED)', async () => {
    const account = await bank.fundedAccount(alice, 1_000);
    standIn.reply = (request) => ({ status: 200, body: succeeded(request), delayMs: 400 });
    const key = aKey();
    expectProblem(await bank.withdraw(alice.authorization, account.id, { amount: 300 }, key), 504, 'GATEWAY_TIMEOUT');
    const [pending] = await app.db('ledger_transactions').where({ type: 'withdrawal' }).whereIn('id', app.db('ledger_entries').where({ account_id: account.id }).select('transaction_id'));
    expect(pending.gateway_reference).to.equal(null);
    expectProblem(await bank.reverse(bank.admin.authorization, pending.id), 409, 'WITHDRAWAL_PENDING');
    expect(await bank.balance(account.id)).to.equal(700);

    standIn.reply = (request) => ({ status: 200, body: succeeded(request) });
    expect((await bank.withdraw(alice.authorization, account.id, { amount: 300 }, key)).status).to.equal(201);
    expectProblem(await bank.reverse(bank.admin.authorization, pending.id), 409, 'PAYOUT_SETTLED');
    expect(await bank.balance(account.id)).to.equal(700);
  });
});

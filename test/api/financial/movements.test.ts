import { settlementAccountFor } from '../../../src/domain/modules/financial/account.entity';
import { expect } from 'chai';
import { aKey, expectProblem } from './bank';
import { useBank } from './use-bank';

const UNKNOWN_ID = '99999999-9999-4999-8999-999999999999';

describe('money movement API', () => {
  const world = useBank({ env: { SUPPORTED_CURRENCIES: 'BRL,USD' } });

  describe('POST /v1/accounts/{id}/deposits', () => {
    it('charges the sandbox gateway and credits the account: 201, Location, the transaction', async () => {
      const account = await world.bank.openAccount(world.alice);
      const res = await world.bank.deposit(world.alice.authorization, account.id, { amount: 2_500, description: 'first salary' });
      expect(res.status, res.text).to.equal(201);
      expect(res.headers.location).to.equal(`/v1/transactions/${res.body.id}`);
      expect(res.body).to.deep.include({ type: 'deposit', amount: 2_500, currency: 'BRL', description: 'first salary', reversesTransactionId: null, reversedByTransactionId: null });
      expect(res.body.entries).to.deep.equal([
        { accountId: account.id, amount: 2_500 },
        { accountId: settlementAccountFor(account.id, 'BRL'), amount: -2_500 },
      ]);
      expect(await world.bank.balance(account.id)).to.equal(2_500);
    });

    for (const [source, status, code] of [
      ['tok_decline', 402, 'PAYMENT_DECLINED'],
      ['tok_error', 502, 'GATEWAY_FAILURE'],
      ['tok_timeout', 504, 'GATEWAY_TIMEOUT'],
    ] as const) {
      it(`${source}: ${status}, and no balance changes`, async () => {
        const account = await world.bank.fundedAccount(world.alice, 100);
        const count = await world.bank.transactionCount();
        expectProblem(await world.bank.deposit(world.alice.authorization, account.id, { amount: 50, source }), status, code);
        expect(await world.bank.balance(account.id)).to.equal(100);
        expect(await world.bank.transactionCount()).to.equal(count);
      });
    }

    it('refuses another currency than the account’s (422) and an unsupported one (422)', async () => {
      const account = await world.bank.openAccount(world.alice);
      expectProblem(await world.bank.deposit(world.alice.authorization, account.id, { amount: 5, currency: 'USD' }), 422, 'CURRENCY_MISMATCH');
      expectProblem(await world.bank.deposit(world.alice.authorization, account.id, { amount: 5, currency: 'EUR' }), 422, 'UNSUPPORTED_CURRENCY');
      expectProblem(await world.bank.deposit(world.alice.authorization, account.id, { amount: 5, currency: 'brl' }), 400, 'VALIDATION_FAILED');
    });

    it('the owner, an admin or payments:write deposit; others get 404 (customers) or 403 (services)', async () => {
      const account = await world.bank.openAccount(world.alice);
      expectProblem(await world.bank.deposit(world.bob.authorization, account.id, { amount: 5 }), 404, 'ACCOUNT_NOT_FOUND');
      expectProblem(await world.bank.deposit(world.bank.service('accounts:write'), account.id, { amount: 5 }), 403, 'FORBIDDEN');
      expect((await world.bank.deposit(world.bank.service('payments:write'), account.id, { amount: 5 })).status).to.equal(201);
      expect((await world.bank.deposit(world.bank.admin.authorization, account.id, { amount: 5 })).status).to.equal(201);
      expectProblem(await world.bank.deposit(world.alice.authorization, UNKNOWN_ID, { amount: 5 }), 404, 'ACCOUNT_NOT_FOUND');
      expectProblem(await world.bank.deposit(world.alice.authorization, 'nope', { amount: 5 }), 400, 'VALIDATION_FAILED');
      expectProblem(await world.bank.http().post(`/v1/accounts/${account.id}/deposits`).set('Idempotency-Key', aKey()).send({ amount: 5, currency: 'BRL', source: 'x' }), 401, 'UNAUTHENTICATED');
      // The settlement shard this account's deposits created.
      expectProblem(await world.bank.deposit(world.bank.admin.authorization, settlementAccountFor(account.id, 'BRL'), { amount: 5 }), 409, 'SYSTEM_ACCOUNT');
      expect(await world.bank.balance(account.id)).to.equal(10);
    });

    it('needs a source; refuses unknown fields', async () => {
      const account = await world.bank.openAccount(world.alice);
      expectProblem(await world.bank.deposit(world.alice.authorization, account.id, { amount: 5, source: undefined }), 400, 'VALIDATION_FAILED');
      expectProblem(await world.bank.deposit(world.alice.authorization, account.id, { amount: 5, balanceAfter: 9 }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('POST /v1/accounts/{id}/withdrawals', () => {
    it('pays out and debits: 201', async () => {
      const account = await world.bank.fundedAccount(world.alice, 1_000);
      const res = await world.bank.withdraw(world.alice.authorization, account.id, { amount: 400 });
      expect(res.status, res.text).to.equal(201);
      expect(res.body).to.deep.include({ type: 'withdrawal', amount: 400 });
      expect(res.body.entries).to.deep.equal([
        { accountId: account.id, amount: -400 },
        { accountId: settlementAccountFor(account.id, 'BRL'), amount: 400 },
      ]);
      expect(await world.bank.balance(account.id)).to.equal(600);
      const [row] = await world.app.db('ledger_transactions').where({ id: res.body.id });
      expect(row.gateway_reference).to.match(/^po_sandbox_/);
      expect(row.payout_state).to.equal('paid');
    });

    it('never below zero: 422 INSUFFICIENT_FUNDS, nothing paid out', async () => {
      const account = await world.bank.fundedAccount(world.alice, 99);
      const count = await world.bank.transactionCount();
      expectProblem(await world.bank.withdraw(world.alice.authorization, account.id, { amount: 100 }), 422, 'INSUFFICIENT_FUNDS');
      expect(await world.bank.balance(account.id)).to.equal(99);
      expect(await world.bank.transactionCount()).to.equal(count);
    });

    const withdrawalHolds = (accountId: string) => world.app.db('holds').where({ from_account_id: accountId, kind: 'withdrawal' }).orderBy('created_at');

    it('holds the money while the payout runs, then posts the withdrawal that captures the hold', async () => {
      const account = await world.bank.fundedAccount(world.alice, 1_000);
      const res = await world.bank.withdraw(world.alice.authorization, account.id, { amount: 400, description: 'rent' });
      expect(res.status, res.text).to.equal(201);
      const [hold] = await withdrawalHolds(account.id);
      expect(hold).to.include({ status: 'captured', capture_transaction_id: res.body.id, to_account_id: null, expires_at: null, description: 'rent' });
      expect(Number(hold.amount)).to.equal(400);
      expect(await world.bank.balances(account.id)).to.deep.equal({ balance: 600, pendingBalance: 0, availableBalance: 600 });
      const events = await world.app.db('outbox_events').whereRaw("data->>'id' IN (?, ?)", [hold.id, res.body.id]).orderBy('seq').pluck('type');
      expect(events).to.deep.equal(['hold.placed', 'transaction.posted', 'hold.captured']);
    });

    for (const [destination, status, code] of [
      ['tok_error', 502, 'GATEWAY_FAILURE'],
      ['tok_decline', 402, 'PAYMENT_DECLINED'],
    ] as const) {
      it(`a payout that fails (${destination}) voids its hold in the same request: ${status}, nothing posted, balance unchanged`, async () => {
        const account = await world.bank.fundedAccount(world.alice, 300);
        expectProblem(await world.bank.withdraw(world.alice.authorization, account.id, { amount: 120, destination }), status, code);
        expect(await world.bank.balances(account.id)).to.deep.equal({ balance: 300, pendingBalance: 0, availableBalance: 300 });
        expect(await world.bank.statementOf(account.id)).to.deep.equal([['deposit', 300, 300]]);
        expect((await withdrawalHolds(account.id)).map((h) => h.status)).to.deep.equal(['voided']);
        expect((await world.bank.integrity()).balanced).to.equal(true);
      });
    }

    it('a payout that times out (tok_timeout) may have been paid: 504, the hold stays, and a retry resumes it without holding again', async () => {
      const account = await world.bank.fundedAccount(world.alice, 300);
      const key = aKey();
      expectProblem(await world.bank.withdraw(world.alice.authorization, account.id, { amount: 120, destination: 'tok_timeout' }, key), 504, 'GATEWAY_TIMEOUT');
      expect(await world.bank.balances(account.id)).to.deep.equal({ balance: 300, pendingBalance: 120, availableBalance: 180 });
      expectProblem(await world.bank.withdraw(world.alice.authorization, account.id, { amount: 200, destination: 'tok_visa' }), 422, 'INSUFFICIENT_FUNDS');
      const retry = await world.bank.withdraw(world.alice.authorization, account.id, { amount: 120, destination: 'tok_timeout' }, key);
      expectProblem(retry, 504, 'GATEWAY_TIMEOUT');
      expect(retry.headers['idempotent-replayed'], '5xx outcomes are not stored').to.equal(undefined);
      expect(await world.bank.balances(account.id)).to.deep.equal({ balance: 300, pendingBalance: 120, availableBalance: 180 });
      const holds = await withdrawalHolds(account.id);
      expect(holds.map((h) => h.status), 'one hold, never expiring').to.deep.equal(['pending']);
      expect(holds[0].expires_at).to.equal(null);
      const statement = await world.bank.http().get(`/v1/accounts/${account.id}/transactions`).set('Authorization', world.alice.authorization);
      expect(statement.body.items.map((l: { type: string }) => l.type)).to.deep.equal(['deposit']);
      expect(statement.body.pending.map((h: { id: string; kind: string }) => [h.id, h.kind]), 'shown as a pending line').to.deep.equal([[holds[0].id, 'withdrawal']]);
      expect((await world.bank.integrity()).balanced).to.equal(true);
    });

    it('a client cannot capture or void a withdrawal’s hold (409 HOLD_SETTLED_BY_PAYOUT); it reads pending, without expiry', async () => {
      const account = await world.bank.fundedAccount(world.alice, 300);
      expectProblem(await world.bank.withdraw(world.alice.authorization, account.id, { amount: 120, destination: 'tok_timeout' }), 504, 'GATEWAY_TIMEOUT');
      const [hold] = await withdrawalHolds(account.id);
      for (const action of ['capture', 'void']) {
        const res = await world.bank.http().post(`/v1/holds/${hold.id}/${action}`).set('Authorization', world.alice.authorization).set('Idempotency-Key', aKey()).send({});
        expectProblem(res, 409, 'HOLD_SETTLED_BY_PAYOUT');
      }
      const read = await world.bank.http().get(`/v1/holds/${hold.id}`).set('Authorization', world.alice.authorization);
      expect(read.status, read.text).to.equal(200);
      expect(read.body).to.deep.include({ kind: 'withdrawal', status: 'pending', toAccountId: null, expiresAt: null, amount: 120 });
      expect((await withdrawalHolds(account.id))[0].status).to.equal('pending');
      expect(await world.bank.balances(account.id)).to.deep.equal({ balance: 300, pendingBalance: 120, availableBalance: 180 });
    });

    it('others get 404, services without payments:write 403', async () => {
      const account = await world.bank.fundedAccount(world.alice, 10);
      expectProblem(await world.bank.withdraw(world.bob.authorization, account.id, { amount: 1 }), 404, 'ACCOUNT_NOT_FOUND');
      expectProblem(await world.bank.withdraw(world.bank.service('accounts:read', 'accounts:write'), account.id, { amount: 1 }), 403, 'FORBIDDEN');
      expect((await world.bank.withdraw(world.bank.service('payments:write'), account.id, { amount: 1 })).status).to.equal(201);
    });
  });

  describe('POST /v1/transfers', () => {
    it('moves money between two accounts: 201', async () => {
      const from = await world.bank.fundedAccount(world.alice, 1_000);
      const to = await world.bank.openAccount(world.bob);
      const res = await world.bank.transfer(world.alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 250, description: 'dinner' });
      expect(res.status, res.text).to.equal(201);
      expect(res.headers.location).to.equal(`/v1/transactions/${res.body.id}`);
      expect(res.body).to.deep.include({ type: 'transfer', amount: 250, description: 'dinner' });
      expect([await world.bank.balance(from.id), await world.bank.balance(to.id)]).to.deep.equal([750, 250]);
    });

    it('refuses the same account, insufficient funds and another currency (422)', async () => {
      const from = await world.bank.fundedAccount(world.alice, 100);
      const to = await world.bank.openAccount(world.bob);
      const dollars = await world.bank.openAccount(world.bob, 'USD');
      expectProblem(await world.bank.transfer(world.alice.authorization, { fromAccountId: from.id, toAccountId: from.id, amount: 1 }), 422, 'SAME_ACCOUNT');
      expectProblem(await world.bank.transfer(world.alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 101 }), 422, 'INSUFFICIENT_FUNDS');
      expectProblem(await world.bank.transfer(world.alice.authorization, { fromAccountId: from.id, toAccountId: dollars.id, amount: 1 }), 422, 'CURRENCY_MISMATCH');
      expectProblem(await world.bank.transfer(world.alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 1, currency: 'USD' }), 422, 'CURRENCY_MISMATCH');
      expect([await world.bank.balance(from.id), await world.bank.balance(to.id)]).to.deep.equal([100, 0]);
    });

    it('only the source’s owner sends (404 for others); an unknown destination is 404, a closed one 409', async () => {
      const from = await world.bank.fundedAccount(world.alice, 100);
      const to = await world.bank.openAccount(world.bob);
      expectProblem(await world.bank.transfer(world.bob.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 1 }), 404, 'ACCOUNT_NOT_FOUND');
      expectProblem(await world.bank.transfer(world.alice.authorization, { fromAccountId: from.id, toAccountId: UNKNOWN_ID, amount: 1 }), 404, 'ACCOUNT_NOT_FOUND');
      expectProblem(await world.bank.transfer(world.bank.service('accounts:write'), { fromAccountId: from.id, toAccountId: to.id, amount: 1 }), 403, 'FORBIDDEN');
      expect((await world.bank.http().post(`/v1/accounts/${to.id}/close`).set('Authorization', world.bob.authorization)).status).to.equal(200);
      expectProblem(await world.bank.transfer(world.alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 1 }), 409, 'ACCOUNT_CLOSED');
      expectProblem(await world.bank.transfer(world.alice.authorization, { fromAccountId: from.id, toAccountId: settlementAccountFor(from.id, 'BRL'), amount: 1 }), 409, 'SYSTEM_ACCOUNT');
      expect(await world.bank.balance(from.id)).to.equal(100);
    });
  });

  describe('GET /v1/transactions/{id}', () => {
    it('visible to both parties’ owners, admins and accounts:read; 404 for others, 403 without the scope', async () => {
      const from = await world.bank.fundedAccount(world.alice, 100);
      const to = await world.bank.openAccount(world.bob);
      const transfer = await world.bank.transfer(world.alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 30 });
      const path = `/v1/transactions/${transfer.body.id}`;
      for (const authorization of [world.alice.authorization, world.bob.authorization, world.bank.admin.authorization, world.bank.service('accounts:read')]) {
        const res = await world.bank.http().get(path).set('Authorization', authorization);
        expect(res.status).to.equal(200);
        expect(res.body).to.deep.equal(transfer.body);
      }
      const carol = await world.bank.customer();
      expectProblem(await world.bank.http().get(path).set('Authorization', carol.authorization), 404, 'TRANSACTION_NOT_FOUND');
      expectProblem(await world.bank.http().get(path).set('Authorization', world.bank.service('payments:write')), 403, 'FORBIDDEN');
      expectProblem(await world.bank.http().get(`/v1/transactions/${UNKNOWN_ID}`).set('Authorization', world.bank.admin.authorization), 404, 'TRANSACTION_NOT_FOUND');
      expectProblem(await world.bank.http().get('/v1/transactions/123').set('Authorization', world.bank.admin.authorization), 400, 'VALIDATION_FAILED');
    });
  });

  describe('POST /v1/transactions/{id}/reversal', () => {
    it('an admin reverses a transfer once: 201, balances restored, then 409', async () => {
      const from = await world.bank.fundedAccount(world.alice, 100);
      const to = await world.bank.openAccount(world.bob);
      const transfer = await world.bank.transfer(world.alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 30 });
      const res = await world.bank.reverse(world.bank.admin.authorization, transfer.body.id);
      expect(res.status, res.text).to.equal(201);
      expect(res.body).to.deep.include({ type: 'reversal', amount: 30, reversesTransactionId: transfer.body.id });
      expect([await world.bank.balance(from.id), await world.bank.balance(to.id)]).to.deep.equal([100, 0]);
      const original = await world.bank.http().get(`/v1/transactions/${transfer.body.id}`).set('Authorization', world.alice.authorization);
      expect(original.body.reversedByTransactionId).to.equal(res.body.id);

      expectProblem(await world.bank.reverse(world.bank.admin.authorization, transfer.body.id), 409, 'ALREADY_REVERSED');
      expectProblem(await world.bank.reverse(world.bank.admin.authorization, res.body.id), 422, 'NOT_REVERSIBLE');
    });

    it('follows the balance rules: money already spent cannot be taken back (422)', async () => {
      const from = await world.bank.fundedAccount(world.alice, 100);
      const to = await world.bank.openAccount(world.bob);
      const transfer = await world.bank.transfer(world.alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 60 });
      expect((await world.bank.withdraw(world.bob.authorization, to.id, { amount: 50 })).status).to.equal(201);
      expectProblem(await world.bank.reverse(world.bank.admin.authorization, transfer.body.id), 422, 'INSUFFICIENT_FUNDS');
      expect([await world.bank.balance(from.id), await world.bank.balance(to.id)]).to.deep.equal([40, 10]);
    });

    it('does not reverse a deposit in the ledger: it is refunded through the gateway (409 REFUND_REQUIRED)', async () => {
      const account = await world.bank.openAccount(world.alice);
      const deposit = await world.bank.deposit(world.alice.authorization, account.id, { amount: 70 });
      expectProblem(await world.bank.reverse(world.bank.service('ledger:admin'), deposit.body.id), 409, 'REFUND_REQUIRED');
      expect(await world.bank.balance(account.id)).to.equal(70);
    });

    it('takes no body fields: any is refused (400), reversing nothing', async () => {
      const from = await world.bank.fundedAccount(world.alice, 100);
      const to = await world.bank.openAccount(world.bob);
      const transfer = await world.bank.transfer(world.alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 30 });
      const res = await world.bank.http().post(`/v1/transactions/${transfer.body.id}/reversal`).set('Authorization', world.bank.admin.authorization).set('Idempotency-Key', aKey()).send({ amount: 5 });
      const body = expectProblem(res, 400, 'VALIDATION_FAILED');
      expect((body.errors as { path: string }[]).map((e) => e.path)).to.deep.equal(['body.amount']);
      expect([await world.bank.balance(from.id), await world.bank.balance(to.id)]).to.deep.equal([70, 30]);
      const empty = await world.bank.http().post(`/v1/transactions/${transfer.body.id}/reversal`).set('Authorization', world.bank.admin.authorization).set('Idempotency-Key', aKey()).send({});
      expect(empty.status, empty.text).to.equal(201);
    });

    it('customers and other scopes get 403; an unknown transaction 404', async () => {
      const account = await world.bank.fundedAccount(world.alice, 10);
      const [{ id }] = await world.app.db('ledger_entries').where({ account_id: account.id }).select('transaction_id as id');
      expectProblem(await world.bank.reverse(world.alice.authorization, id), 403, 'FORBIDDEN');
      expectProblem(await world.bank.reverse(world.bank.service('payments:write', 'accounts:write'), id), 403, 'FORBIDDEN');
      expectProblem(await world.bank.reverse(world.bank.admin.authorization, UNKNOWN_ID), 404, 'TRANSACTION_NOT_FOUND');
      expect(await world.bank.balance(account.id)).to.equal(10);
    });
  });

  describe('GET /v1/ledger/integrity', () => {
    it('admins and ledger:admin see the report; it passes after all the above', async () => {
      for (const authorization of [world.bank.admin.authorization, world.bank.service('ledger:admin')]) {
        const res = await world.bank.http().get('/v1/ledger/integrity').set('Authorization', authorization);
        expect(res.status).to.equal(200);
        expect(res.body.balanced).to.equal(true);
        expect(res.body.problems).to.deep.equal([]);
        expect(res.body.accountsChecked).to.be.above(10);
        expect(res.body.transactionsChecked).to.be.above(10);
      }
      expectProblem(await world.bank.http().get('/v1/ledger/integrity').set('Authorization', world.alice.authorization), 403, 'FORBIDDEN');
      expectProblem(await world.bank.http().get('/v1/ledger/integrity').set('Authorization', world.bank.service('accounts:read')), 403, 'FORBIDDEN');
    });

    it('reports a tampered balance', async () => {
      const account = await world.bank.fundedAccount(world.alice, 10);
      await world.app.db('accounts').where({ id: account.id }).update({ balance: 11 });
      try {
        const report = await world.bank.integrity();
        expect(report.balanced).to.equal(false);
        expect(report.problems).to.deep.equal([{ kind: 'BALANCE_MISMATCH', accountId: account.id, detail: 'stored balance 11 but its entries sum to 10' }]);
      } finally {
        await world.app.db('accounts').where({ id: account.id }).update({ balance: 10 });
      }
    });

    it('reports a tampered settlement shard, naming that shard only', async () => {
      const account = await world.bank.fundedAccount(world.alice, 10);
      const shard = settlementAccountFor(account.id, 'BRL');
      const [{ balance }] = await world.app.db('accounts').where({ id: shard }).select('balance');
      await world.app.db('accounts').where({ id: shard }).update({ balance: Number(balance) + 1 });
      try {
        const report = await world.bank.integrity();
        expect(report.balanced).to.equal(false);
        expect(report.problems).to.deep.equal([{ kind: 'BALANCE_MISMATCH', accountId: shard, detail: `stored balance ${Number(balance) + 1} but its entries sum to ${balance}` }]);
      } finally {
        await world.app.db('accounts').where({ id: shard }).update({ balance });
      }
      expect((await world.bank.integrity()).balanced).to.equal(true);
    });
  });
});

import { expect } from 'chai';
import type { FincoreApp } from '../../../src/config/composition-root';
import type { StoredUser } from '../../helpers/users';
import { auditTrail, type AuditLine } from './audit-trail';
import { Bank, createBankApp, expectProblem } from './bank';

/**
 * A ledger-only reversal moves money inside the books and nowhere else: it is refused for money
 * the payment gateway has settled (a paid-out withdrawal, a charged deposit, a refund), which
 * only the gateway can move back. Transfers never left the books, so they stay reversible.
 */
describe('ledger-only reversals of gateway-settled money', () => {
  let app: FincoreApp;
  let bank: Bank;
  let alice: StoredUser;
  let bob: StoredUser;
  let audit: AuditLine[];

  before(async function () {
    this.timeout(60_000);
    const trail = auditTrail();
    audit = trail.events;
    app = await createBankApp({}, { logger: trail.logger });
    bank = await new Bank(app).init();
    alice = await bank.customer();
    bob = await bank.customer();
  });
  after(async () => {
    await app.close();
  });

  it('a paid-out withdrawal cannot be reversed (409 PAYOUT_SETTLED): its money is not handed back, nor paid out twice', async () => {
    const account = await bank.fundedAccount(alice, 1_000);
    const withdrawal = await bank.withdraw(alice.authorization, account.id, { amount: 600 });
    expect(withdrawal.status, withdrawal.text).to.equal(201);
    const count = await bank.transactionCount();

    for (const authorization of [bank.admin.authorization, bank.service('ledger:admin')]) {
      const body = expectProblem(await bank.reverse(authorization, withdrawal.body.id), 409, 'PAYOUT_SETTLED');
      expect(body.detail).to.match(/payment gateway/);
    }
    expect(await bank.balance(account.id)).to.equal(400);
    expectProblem(await bank.withdraw(alice.authorization, account.id, { amount: 600 }), 422, 'INSUFFICIENT_FUNDS');
    expect(await bank.transactionCount()).to.equal(count);
    expect((await bank.integrity()).balanced).to.equal(true);
  });

  it('a deposit cannot be reversed in the ledger (409 REFUND_REQUIRED): it is refunded through the gateway instead', async () => {
    const account = await bank.openAccount(alice);
    const deposit = await bank.deposit(alice.authorization, account.id, { amount: 700 });
    const count = await bank.transactionCount();
    const body = expectProblem(await bank.reverse(bank.admin.authorization, deposit.body.id), 409, 'REFUND_REQUIRED');
    expect(body.detail).to.match(/refund/);
    expect(await bank.balance(account.id)).to.equal(700);
    expect(await bank.transactionCount()).to.equal(count);
  });

  it('a withdrawal put back after a failed payout cannot be reversed again (409 ALREADY_REVERSED)', async () => {
    const account = await bank.fundedAccount(alice, 300);
    expectProblem(await bank.withdraw(alice.authorization, account.id, { amount: 100, destination: 'tok_error' }), 502, 'GATEWAY_FAILURE');
    const [withdrawal] = await app
      .db('ledger_transactions')
      .where({ type: 'withdrawal' })
      .whereIn('id', app.db('ledger_entries').where({ account_id: account.id }).select('transaction_id'));
    expectProblem(await bank.reverse(bank.admin.authorization, withdrawal.id), 409, 'ALREADY_REVERSED');
    expect(await bank.balance(account.id)).to.equal(300);
  });

  it('a transfer stays reversible, once', async () => {
    const from = await bank.fundedAccount(alice, 100);
    const to = await bank.openAccount(bob);
    const transfer = await bank.transfer(alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 40 });
    const reversal = await bank.reverse(bank.admin.authorization, transfer.body.id);
    expect(reversal.status, reversal.text).to.equal(201);
    expect([await bank.balance(from.id), await bank.balance(to.id)]).to.deep.equal([100, 0]);
    expectProblem(await bank.reverse(bank.admin.authorization, transfer.body.id), 409, 'ALREADY_REVERSED');
  });

  it('records one audit event per reversal, naming the original transaction', async () => {
    const from = await bank.fundedAccount(alice, 100);
    const to = await bank.openAccount(bob);
    const transfer = await bank.transfer(alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 25 });
    const before = audit.length;
    const reversal = await bank.reverse(bank.admin.authorization, transfer.body.id);
    expect(reversal.status).to.equal(201);
    expectProblem(await bank.reverse(bank.admin.authorization, transfer.body.id), 409, 'ALREADY_REVERSED');
    const recorded = audit.slice(before).filter((e) => e.type === 'ledger.reversal');
    expect(recorded).to.have.length(1);
    expect(recorded[0]).to.include({
      actor: `user:${bank.admin.id}`,
      target: `transaction:${reversal.body.id}`,
      originalTransactionId: transfer.body.id,
      amount: 25,
      currency: 'BRL',
    });
    expect(recorded[0].requestId).to.equal(reversal.headers['x-request-id']);
  });
});

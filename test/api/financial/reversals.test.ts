import { expect } from 'chai';
import { expectProblem } from './bank';
import { useBank } from './use-bank';

/**
 * A ledger-only reversal moves money inside the books and nowhere else: it is refused for money
 * the payment gateway has settled (a paid-out withdrawal, a charged deposit, a refund), which
 * only the gateway can move back. Transfers never left the books, so they stay reversible.
 */
describe('ledger-only reversals of gateway-settled money', () => {
  const world = useBank({ auditTrail: true });

  it('a paid-out withdrawal cannot be reversed (409 PAYOUT_SETTLED): its money is not handed back, nor paid out twice', async () => {
    const account = await world.bank.fundedAccount(world.alice, 1_000);
    const withdrawal = await world.bank.withdraw(world.alice.authorization, account.id, { amount: 600 });
    expect(withdrawal.status, withdrawal.text).to.equal(201);
    const count = await world.bank.transactionCount();

    for (const authorization of [world.bank.admin.authorization, world.bank.service('ledger:admin')]) {
      const body = expectProblem(await world.bank.reverse(authorization, withdrawal.body.id), 409, 'PAYOUT_SETTLED');
      expect(body.detail).to.match(/payment gateway/);
    }
    expect(await world.bank.balance(account.id)).to.equal(400);
    expectProblem(await world.bank.withdraw(world.alice.authorization, account.id, { amount: 600 }), 422, 'INSUFFICIENT_FUNDS');
    expect(await world.bank.transactionCount()).to.equal(count);
    expect((await world.bank.integrity()).balanced).to.equal(true);
  });

  it('a deposit cannot be reversed in the ledger (409 REFUND_REQUIRED): it is refunded through the gateway instead', async () => {
    const account = await world.bank.openAccount(world.alice);
    const deposit = await world.bank.deposit(world.alice.authorization, account.id, { amount: 700 });
    const count = await world.bank.transactionCount();
    const body = expectProblem(await world.bank.reverse(world.bank.admin.authorization, deposit.body.id), 409, 'REFUND_REQUIRED');
    expect(body.detail).to.match(/refund/);
    expect(await world.bank.balance(account.id)).to.equal(700);
    expect(await world.bank.transactionCount()).to.equal(count);
  });

  it('a failed payout leaves nothing to reverse: its hold was voided and no withdrawal was posted', async () => {
    const account = await world.bank.fundedAccount(world.alice, 300);
    expectProblem(await world.bank.withdraw(world.alice.authorization, account.id, { amount: 100, destination: 'tok_error' }), 502, 'GATEWAY_FAILURE');
    expect(await world.bank.statementOf(account.id)).to.deep.equal([['deposit', 300, 300]]);
    expect(await world.app.db('holds').where({ from_account_id: account.id }).pluck('status')).to.deep.equal(['voided']);
    expect(await world.bank.balance(account.id)).to.equal(300);
  });

  it('a transfer stays reversible, once', async () => {
    const from = await world.bank.fundedAccount(world.alice, 100);
    const to = await world.bank.openAccount(world.bob);
    const transfer = await world.bank.transfer(world.alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 40 });
    const reversal = await world.bank.reverse(world.bank.admin.authorization, transfer.body.id);
    expect(reversal.status, reversal.text).to.equal(201);
    expect([await world.bank.balance(from.id), await world.bank.balance(to.id)]).to.deep.equal([100, 0]);
    expectProblem(await world.bank.reverse(world.bank.admin.authorization, transfer.body.id), 409, 'ALREADY_REVERSED');
  });

  it('records one audit event per reversal, naming the original transaction', async () => {
    const from = await world.bank.fundedAccount(world.alice, 100);
    const to = await world.bank.openAccount(world.bob);
    const transfer = await world.bank.transfer(world.alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 25 });
    const before = world.audit.length;
    const reversal = await world.bank.reverse(world.bank.admin.authorization, transfer.body.id);
    expect(reversal.status).to.equal(201);
    expectProblem(await world.bank.reverse(world.bank.admin.authorization, transfer.body.id), 409, 'ALREADY_REVERSED');
    const recorded = world.audit.slice(before).filter((e) => e.type === 'ledger.reversal');
    expect(recorded).to.have.length(1);
    expect(recorded[0]).to.include({
      actor: `user:${world.bank.admin.id}`,
      target: `transaction:${reversal.body.id}`,
      originalTransactionId: transfer.body.id,
      amount: 25,
      currency: 'BRL',
    });
    expect(recorded[0].requestId).to.equal(reversal.headers['x-request-id']);
  });
});

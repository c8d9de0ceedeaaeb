import { expect } from 'chai';
import { ForbiddenError } from '../../../../src/domain/modules/auth/auth.errors';
import {
  AccountFrozenError,
  AlreadyReversedError,
  GatewayFailureError,
  GatewayOutcomeUnknownError,
  GatewayTimeoutError,
  GatewayUnavailableError,
  InsufficientFundsError,
  PaymentDeclinedError,
  TransactionNotFoundError,
  WithdrawalPendingError,
} from '../../../../src/domain/modules/financial/financial.errors';
import { PayoutSettledError } from '../../../../src/domain/modules/financial/gateway-settled.errors';
import { LedgerTransaction } from '../../../../src/domain/modules/financial/ledger-transaction.entity';
import { anAccount } from '../../../builders/account.builder';
import { aWithdrawal } from '../../../builders/ledger-transaction.builder';
import { FakeRequestRecord } from '../../../doubles/fake-request-record';
import {
  ADMIN,
  NOW,
  OWNER,
  READ_ONLY_SERVICE,
  SETTLEMENT,
  brl,
  customer,
  makeSut,
  other,
  stateOf,
  type MoneyMovementSut,
} from './money-movement.sut';

describe('MoneyMovementService withdrawals and reversals', () => {
  let sut: MoneyMovementSut;

  beforeEach(() => {
    sut = makeSut();
  });

  describe('withdraw', () => {
    it('debits first with a checkpoint, then pays out, then records the payout reference and the outcome', async () => {
      sut.gateway.payout.resolves({ reference: 'po_1' });
      const tx = await sut.withdraw();

      expect(tx.type).to.equal('withdrawal');
      expect(tx.entries.map((e) => [e.accountId, e.amount.amount, e.balanceAfter?.amount])).to.deep.equal([
        [customer.id, -200n, 800n],
        [SETTLEMENT, 200n, 200n],
      ]);
      expect(sut.record.checkpoints).to.deep.equal([tx.id]);
      expect(sut.accounts.debit.calledBefore(sut.gateway.payout)).to.equal(true);
      expect(sut.gateway.payout.firstCall.args[0]).to.include({ destination: 'bank_1', idempotencyKey: 'downstream-key-1' });
      expect(sut.ledger.recordPayoutPaid.calledOnceWithExactly(tx.id, 'po_1')).to.equal(true);
      expect(tx.payoutState, 'the debit as committed, before its payout').to.equal('awaiting');
      expect(sut.record.completed).to.equal(tx);
      expect(sut.record.completedInTransaction).to.equal(true);
      expect(sut.uow.transactions).to.equal(2);
    });

    it('pays nothing out when the balance does not cover it', async () => {
      sut.accounts.debit.resolves(null);
      sut.accounts.findById.withArgs(customer.id).callsFake(async () => anAccount().withId(customer.id).ownedBy(7).withBalance(100n).build());
      const failure = await sut.withdraw().catch((e: unknown) => e);
      expect(failure).to.be.instanceOf(InsufficientFundsError);
      expect(sut.gateway.payout.called).to.equal(false);
      expect(sut.recorded).to.be.empty;
    });

    it('pays nothing out from a frozen account', async () => {
      sut.accounts.debit.resolves(null);
      sut.accounts.findById.withArgs(customer.id).callsFake(async () => anAccount().withId(customer.id).ownedBy(7).withBalance(1_000n).frozen().build());
      expect(await sut.withdraw().catch((e: unknown) => e)).to.be.instanceOf(AccountFrozenError);
      expect(sut.gateway.payout.called).to.equal(false);
    });

    for (const [name, error] of [
      ['fails', new GatewayFailureError()],
      ['is declined', new PaymentDeclinedError()],
      ['is never sent (circuit open)', new GatewayUnavailableError()],
    ] as const) {
      it(`puts the money back with a reversal when the payout ${name} (no money moved), then reports the gateway error`, async () => {
        sut.gateway.payout.rejects(error);
        const failure = await sut.withdraw().catch((e: unknown) => e);

        expect(failure).to.equal(error);
        expect(sut.recorded.map((t) => t.type)).to.deep.equal(['withdrawal', 'reversal']);
        const [debit, reversal] = sut.recorded;
        expect(reversal.reversesId).to.equal(debit.id);
        expect(reversal.entries.map((e) => [e.accountId, e.amount.amount])).to.deep.equal([
          [customer.id, 200n],
          [SETTLEMENT, -200n],
        ]);
        expect(sut.accounts.credit.firstCall.args[3], 'compensation credits even a closed account').to.deep.equal({ evenIfClosed: true });
        expect(sut.record.checkpoints).to.deep.equal([debit.id, null]);
        expect(sut.record.completed).to.equal(null);
        expect(sut.ledger.recordPayoutReturned.calledOnceWithExactly(debit.id)).to.equal(true);
        expect(sut.returnedInTransaction, 'returned with its reversal, in one transaction').to.deep.equal([true]);
        expect(sut.ledger.recordPayoutPaid.called).to.equal(false);
      });
    }

    for (const [name, error] of [
      ['times out', new GatewayTimeoutError()],
      ['gets a lost or unreadable answer', new GatewayOutcomeUnknownError()],
      ['throws something unexpected', new Error('bug')],
    ] as const) {
      it(`keeps the debit and its checkpoint when the payout ${name} (the money may have left), logging it as an error`, async () => {
        sut.gateway.payout.rejects(error);
        const failure = await sut.withdraw().catch((e: unknown) => e);

        expect(failure).to.equal(error);
        expect(sut.recorded.map((t) => t.type)).to.deep.equal(['withdrawal']);
        expect(sut.record.checkpoints, 'a retry resumes from the debit').to.deep.equal([sut.recorded[0].id]);
        expect(sut.record.completed).to.equal(null);
        expect(sut.ledger.recordPayoutPaid.called).to.equal(false);
        expect(sut.ledger.recordPayoutReturned.called, 'the debit stays awaiting').to.equal(false);
        expect(sut.logged).to.have.length(1);
        expect(sut.logged[0].fields).to.deep.include({ transactionId: sut.recorded[0].id, accountId: customer.id });
      });
    }

    it('resumes from the debit an interrupted attempt committed: no second debit', async () => {
      const earlier = LedgerTransaction.withdrawal({ id: 'w-earlier', account: customer, money: brl(200n), gatewayKey: 'downstream-key-1', now: NOW }).posted(
        new Map([
          [customer.id, brl(800n)],
          [SETTLEMENT, brl(200n)],
        ]),
      );
      sut.ledger.findById.withArgs('w-earlier').resolves(earlier);
      sut.record = new FakeRequestRecord(sut.uow, 'w-earlier');
      sut.gateway.payout.resolves({ reference: 'po_1' });

      const tx = await sut.withdraw();

      expect(tx).to.equal(earlier);
      expect(sut.accounts.debit.called).to.equal(false);
      expect(sut.recorded).to.be.empty;
      expect(sut.gateway.payout.calledOnce).to.equal(true);
      expect(sut.record.completed).to.equal(earlier);
    });

    it('starts afresh when the interrupted attempt’s debit was already put back', async () => {
      const earlier = aWithdrawal().withId('w-earlier').from(customer).of(200n).withGatewayKey('downstream-key-1').reversedBy('r-1').at(NOW).build();
      sut.ledger.findById.withArgs('w-earlier').resolves(earlier);
      sut.record = new FakeRequestRecord(sut.uow, 'w-earlier');
      sut.gateway.payout.resolves({ reference: 'po_2' });

      const tx = await sut.withdraw();

      expect(tx.id).to.not.equal('w-earlier');
      expect(sut.accounts.debit.calledOnce).to.equal(true);
      expect(sut.record.checkpoints).to.deep.equal([tx.id]);
    });

    it('still reports the gateway error when an overlapping attempt already compensated', async () => {
      sut.gateway.payout.rejects(new GatewayFailureError());
      sut.ledger.record.onSecondCall().rejects(new AlreadyReversedError());
      const failure = await sut.withdraw().catch((e: unknown) => e);
      expect(failure).to.be.instanceOf(GatewayFailureError);
    });

    it('lets a failing compensation surface, keeping the checkpoint so that a retry resumes', async () => {
      sut.gateway.payout.rejects(new GatewayFailureError());
      const databaseDown = new Error('connection lost');
      sut.ledger.record.onSecondCall().rejects(databaseDown);
      const failure = await sut.withdraw().catch((e: unknown) => e);
      expect(failure).to.equal(databaseDown);
      expect(sut.record.checkpoints).to.have.length(1);
    });
  });

  describe('reverse', () => {
    const original = () =>
      LedgerTransaction.transfer({ id: 't-1', from: customer, to: other, money: brl(25n), now: NOW }).posted(
        new Map([
          [customer.id, brl(975n)],
          [other.id, brl(75n)],
        ]),
      );

    it('posts the negated entries as a reversal, for admins and ledger:admin only', async () => {
      sut.ledger.findById.withArgs('t-1').resolves(original());
      const reversal = await sut.service.reverse(ADMIN, 't-1', sut.record);
      expect(reversal.reversesId).to.equal('t-1');
      expect(reversal.entries.map((e) => [e.accountId, e.amount.amount])).to.deep.equal([
        [customer.id, 25n],
        [other.id, -25n],
      ]);
      expect(sut.record.completed).to.equal(reversal);
      expect(sut.audited).to.deep.equal([
        { type: 'ledger.reversal', target: `transaction:${reversal.id}`, detail: { originalTransactionId: 't-1', amount: 25, currency: 'BRL' } },
      ]);
      const viaScope = await sut.service.reverse({ kind: 'service', clientId: 'ops', scopes: ['ledger:admin'] }, 't-1', new FakeRequestRecord(sut.uow));
      expect(viaScope.type).to.equal('reversal');
    });

    it('refuses customers and other scopes (403) without looking anything up', async () => {
      expect(await sut.service.reverse(OWNER, 't-1', sut.record).catch((e: unknown) => e)).to.be.instanceOf(ForbiddenError);
      expect(await sut.service.reverse(READ_ONLY_SERVICE, 't-1', sut.record).catch((e: unknown) => e)).to.be.instanceOf(ForbiddenError);
      expect(sut.ledger.findById.called).to.equal(false);
    });

    it('refuses a withdrawal whose payout has no result yet (409), and one that was paid out (409): its money left', async () => {
      const withdrawal = () => aWithdrawal().withId('w-1').from(customer).of(200n).withGatewayKey('downstream-key-0').at(NOW);
      sut.ledger.findById.withArgs('w-1').resolves(withdrawal().build());
      expect(await sut.service.reverse(ADMIN, 'w-1', sut.record).catch((e: unknown) => e)).to.be.instanceOf(WithdrawalPendingError);
      expect(sut.recorded).to.be.empty;
      sut.ledger.findById.withArgs('w-1').resolves(withdrawal().paidOut('po_1').build());
      expect(await sut.service.reverse(ADMIN, 'w-1', sut.record).catch((e: unknown) => e)).to.be.instanceOf(PayoutSettledError);
      expect(sut.recorded).to.be.empty;
      expect(sut.audited).to.be.empty;
    });

    it('answers 404 for an unknown transaction and 409 for a reversed one', async () => {
      expect(await sut.service.reverse(ADMIN, 'nope', sut.record).catch((e: unknown) => e)).to.be.instanceOf(TransactionNotFoundError);
      sut.ledger.findById.withArgs('t-1').resolves(LedgerTransaction.restore({ ...stateOf(original()), reversedById: 'r-0' }));
      expect(await sut.service.reverse(ADMIN, 't-1', sut.record).catch((e: unknown) => e)).to.be.instanceOf(AlreadyReversedError);
      expect(sut.recorded).to.be.empty;
    });
  });
});

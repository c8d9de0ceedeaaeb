import { expect } from 'chai';
import { ForbiddenError } from '../../../../src/domain/modules/auth/auth.errors';
import {
  AccountFrozenError,
  AlreadyReversedError,
  IdempotencyInProgressError,
  GatewayFailureError,
  GatewayOutcomeUnknownError,
  GatewayTimeoutError,
  GatewayUnavailableError,
  InsufficientFundsError,
  LedgerInvariantError,
  PaymentDeclinedError,
  TransactionNotFoundError,
  WithdrawalPendingError,
} from '../../../../src/domain/modules/financial/financial.errors';
import { PayoutSettledError } from '../../../../src/domain/modules/financial/gateway-settled.errors';
import { Hold } from '../../../../src/domain/modules/financial/hold.entity';
import { LedgerTransaction } from '../../../../src/domain/modules/financial/ledger-transaction.entity';
import { anAccount } from '../../../builders/account.builder';
import { debitedWithdrawal } from '../../../builders/debited-withdrawal';
import { aWithdrawal } from '../../../builders/ledger-transaction.builder';
import { FakeRequestRecord } from '../../../doubles/fake-request-record';
import {
  ADMIN,
  NOW,
  OWNER,
  READ_ONLY_SERVICE,
  CUSTOMER_SETTLEMENT,
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
    const pendingHold = (id: string) => Hold.forWithdrawal({ id, from: anAccount().withId(customer.id).ownedBy(7).withBalance(1_000n).build(), money: brl(200n), now: NOW });

    it('holds the money first with a checkpoint, pays out, then posts the withdrawal that captures the hold, with the outcome', async () => {
      sut.gateway.payout.resolves({ reference: 'po_1' });
      const tx = await sut.withdraw();

      const [placed] = sut.holdWrites;
      expect(sut.holdWrites).to.deep.equal([
        { write: 'create', id: placed.id, status: 'pending', inTransaction: true },
        { write: 'resolve', id: placed.id, status: 'captured', inTransaction: true },
      ]);
      expect(sut.accounts.reserve.calledBefore(sut.gateway.payout)).to.equal(true);
      expect(sut.record.checkpoints).to.deep.equal([placed.id]);
      expect(sut.gateway.payout.firstCall.args[0]).to.include({ destination: 'bank_1', idempotencyKey: 'downstream-key-1' });
      expect(tx).to.include({ type: 'withdrawal', holdId: placed.id, gatewayReference: 'po_1', payoutState: 'paid', gatewayKey: 'downstream-key-1' });
      expect(tx.entries.map((e) => [e.accountId, e.amount.amount, e.balanceAfter?.amount])).to.deep.equal([
        [customer.id, -200n, 800n],
        [CUSTOMER_SETTLEMENT, 200n, 200n],
      ]);
      expect(sut.accounts.release.calledOnce, 'the hold’s amount released as the debit posts').to.equal(true);
      expect(sut.accounts.release.calledBefore(sut.accounts.debit)).to.equal(true);
      expect(sut.accounts.debit.firstCall.args[3], 'the money has left: even a frozen account pays it').to.deep.equal({ evenIfInactive: true });
      expect(sut.recorded).to.deep.equal([tx]);
      expect(sut.outbox.events.map((e) => e.type)).to.deep.equal(['hold.placed', 'transaction.posted', 'hold.captured']);
      expect(sut.record.completed).to.equal(tx);
      expect(sut.record.completedInTransaction).to.equal(true);
      expect(sut.uow.transactions).to.equal(2);
    });

    it('pays nothing out when the available balance does not cover it', async () => {
      sut.accounts.reserve.resolves(false);
      sut.accounts.findById.withArgs(customer.id).callsFake(async () => anAccount().withId(customer.id).ownedBy(7).withBalance(100n).build());
      const failure = await sut.withdraw().catch((e: unknown) => e);
      expect(failure).to.be.instanceOf(InsufficientFundsError);
      expect(sut.gateway.payout.called).to.equal(false);
      expect(sut.holdWrites).to.be.empty;
    });

    it('pays nothing out from a frozen account', async () => {
      sut.accounts.findById.withArgs(customer.id).callsFake(async () => anAccount().withId(customer.id).ownedBy(7).withBalance(1_000n).frozen().build());
      expect(await sut.withdraw().catch((e: unknown) => e)).to.be.instanceOf(AccountFrozenError);
      expect(sut.gateway.payout.called).to.equal(false);
      expect(sut.holdWrites).to.be.empty;
    });

    for (const [name, error] of [
      ['fails', new GatewayFailureError()],
      ['is declined', new PaymentDeclinedError()],
      ['is never sent (circuit open)', new GatewayUnavailableError()],
    ] as const) {
      it(`voids the hold when the payout ${name} (no money moved), then reports the gateway error`, async () => {
        sut.gateway.payout.rejects(error);
        const failure = await sut.withdraw().catch((e: unknown) => e);

        expect(failure).to.equal(error);
        const [placed] = sut.holdWrites;
        expect(sut.holdWrites.map((w) => [w.write, w.status, w.inTransaction])).to.deep.equal([
          ['create', 'pending', true],
          ['resolve', 'voided', true],
        ]);
        expect(sut.accounts.release.calledOnce).to.equal(true);
        expect(sut.recorded, 'no money moved, so no transaction').to.be.empty;
        expect(sut.record.checkpoints, 'a retry starts afresh').to.deep.equal([placed.id, null]);
        expect(sut.record.completed).to.equal(null);
        expect(sut.outbox.events.map((e) => e.type)).to.deep.equal(['hold.placed', 'hold.voided']);
      });
    }

    for (const [name, error] of [
      ['times out', new GatewayTimeoutError()],
      ['gets a lost or unreadable answer', new GatewayOutcomeUnknownError()],
      ['throws something unexpected', new Error('bug')],
    ] as const) {
      it(`keeps the hold and its checkpoint when the payout ${name} (the money may have left), logging it as an error`, async () => {
        sut.gateway.payout.rejects(error);
        const failure = await sut.withdraw().catch((e: unknown) => e);

        expect(failure).to.equal(error);
        const [placed] = sut.holdWrites;
        expect(sut.holdWrites.map((w) => w.write), 'the hold stays pending').to.deep.equal(['create']);
        expect(sut.accounts.release.called).to.equal(false);
        expect(sut.record.checkpoints, 'a retry resumes from the hold').to.deep.equal([placed.id]);
        expect(sut.record.completed).to.equal(null);
        expect(sut.logged).to.have.length(1);
        expect(sut.logged[0].fields).to.deep.include({ holdId: placed.id, accountId: customer.id });
      });
    }

    it('resumes from the hold an interrupted attempt placed: no second hold, the gateway asked again with the same key', async () => {
      sut.holds.findById.withArgs('h-earlier').resolves(pendingHold('h-earlier'));
      sut.record = new FakeRequestRecord(sut.uow, 'h-earlier');
      sut.gateway.payout.resolves({ reference: 'po_1' });

      const tx = await sut.withdraw();

      expect(sut.accounts.reserve.called).to.equal(false);
      expect(sut.holdWrites.map((w) => [w.write, w.id, w.status])).to.deep.equal([['resolve', 'h-earlier', 'captured']]);
      expect(sut.gateway.payout.firstCall.args[0]).to.include({ idempotencyKey: 'downstream-key-1' });
      expect(tx).to.include({ holdId: 'h-earlier', gatewayReference: 'po_1' });
      expect(sut.record.completed).to.equal(tx);
    });

    it('starts afresh when the interrupted attempt’s hold was voided (its payout certainly failed)', async () => {
      const voided = pendingHold('h-earlier');
      voided.void(NOW);
      sut.holds.findById.withArgs('h-earlier').resolves(voided);
      sut.record = new FakeRequestRecord(sut.uow, 'h-earlier');
      sut.gateway.payout.resolves({ reference: 'po_2' });

      const tx = await sut.withdraw();

      expect(tx.holdId).to.not.equal('h-earlier');
      expect(sut.accounts.reserve.calledOnce).to.equal(true);
      expect(sut.record.checkpoints).to.deep.equal([tx.holdId]);
    });

    it('refuses to start afresh from a captured hold whose request has no outcome (it would pay out twice)', async () => {
      const captured = pendingHold('h-earlier');
      captured.capture(undefined, 'w-1', NOW);
      sut.holds.findById.withArgs('h-earlier').resolves(captured);
      sut.record = new FakeRequestRecord(sut.uow, 'h-earlier');
      expect(await sut.withdraw().catch((e: unknown) => e)).to.be.instanceOf(LedgerInvariantError);
      expect(sut.gateway.payout.called).to.equal(false);
      expect(sut.holdWrites).to.be.empty;
    });

    it('settles a withdrawal debited before withdrawals were held: the payout, then its reference, no hold', async () => {
      const earlier = debitedWithdrawal({ id: 'w-earlier', account: customer, money: brl(200n), gatewayKey: 'downstream-key-1', now: NOW }).posted(
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
      expect(sut.holdWrites).to.be.empty;
      expect(sut.accounts.debit.called).to.equal(false);
      expect(sut.ledger.recordPayoutPaid.calledOnceWithExactly('w-earlier', 'po_1')).to.equal(true);
      expect(sut.record.completed).to.equal(earlier);
    });

    it('puts such an earlier debit back with a reversal when its payout certainly failed', async () => {
      const earlier = aWithdrawal().withId('w-earlier').from(customer).of(200n).withGatewayKey('downstream-key-1').at(NOW).build();
      sut.ledger.findById.withArgs('w-earlier').resolves(earlier);
      sut.record = new FakeRequestRecord(sut.uow, 'w-earlier');
      sut.gateway.payout.rejects(new GatewayFailureError());

      expect(await sut.withdraw().catch((e: unknown) => e)).to.be.instanceOf(GatewayFailureError);
      expect(sut.recorded.map((t) => [t.type, t.reversesId])).to.deep.equal([['reversal', 'w-earlier']]);
      expect(sut.ledger.recordPayoutReturned.calledOnceWithExactly('w-earlier')).to.equal(true);
      expect(sut.record.checkpoints).to.deep.equal([null]);
    });

    it('yields to an overlapping attempt of the same request that settled the hold first (409 in progress, nothing posted)', async () => {
      sut.gateway.payout.resolves({ reference: 'po_1' });
      sut.holds.resolve.resolves(false);
      sut.holds.findById.callsFake(async (id: string) => {
        const settled = pendingHold(id);
        settled.capture(undefined, 'w-other', NOW);
        return settled;
      });
      expect(await sut.withdraw().catch((e: unknown) => e)).to.be.instanceOf(IdempotencyInProgressError);
      expect(sut.recorded).to.be.empty;
      expect(sut.accounts.release.called).to.equal(false);
      expect(sut.record.completed).to.equal(null);
    });

    it('still reports the gateway error when an overlapping attempt already voided the hold', async () => {
      sut.gateway.payout.rejects(new GatewayFailureError());
      sut.holds.resolve.resolves(false);
      sut.holds.findById.callsFake(async (id: string) => {
        const voided = pendingHold(id);
        voided.void(NOW);
        return voided;
      });
      const failure = await sut.withdraw().catch((e: unknown) => e);
      expect(failure).to.be.instanceOf(GatewayFailureError);
    });

    it('lets a failing void surface, keeping the checkpoint so that a retry resumes', async () => {
      sut.gateway.payout.rejects(new GatewayFailureError());
      const databaseDown = new Error('connection lost');
      sut.holds.resolve.rejects(databaseDown);
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

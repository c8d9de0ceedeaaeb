import { expect } from 'chai';
import { ForbiddenError } from '../../../../src/domain/modules/auth/auth.errors';
import { Account } from '../../../../src/domain/modules/financial/account.entity';
import {
  AccountClosedError,
  AccountNotFoundError,
  BalanceLimitExceededError,
  DepositNotCreditedError,
  GatewayFailureError,
  GatewayTimeoutError,
  IdempotencyInProgressError,
  InsufficientFundsError,
  PaymentDeclinedError,
  SameAccountError,
  SystemAccountError,
  UnsupportedCurrencyError,
} from '../../../../src/domain/modules/financial/financial.errors';
import { ConcurrencyConflictError, ValidationError } from '../../../../src/domain/shared/domain-error';
import { anAccount } from '../../../builders/account.builder';
import { ADMIN, CUSTOMER_SETTLEMENT, NOW, READ_ONLY_SERVICE, SETTLEMENT, STRANGER, brl, customer, makeSut, other, type MoneyMovementSut } from './money-movement.sut';

describe('MoneyMovementService', () => {
  let sut: MoneyMovementSut;

  beforeEach(() => {
    sut = makeSut();
  });

  describe('deposit', () => {
    it('charges with the request’s downstream key, then records the credit with the idempotency outcome in one statement', async () => {
      sut.gateway.charge.resolves({ reference: 'ch_123' });
      const tx = await sut.deposit({ description: 'salary' });

      expect(tx.type).to.equal('deposit');
      expect(tx.gatewayReference).to.equal('ch_123');
      expect(tx.gatewayKey).to.equal('downstream-key-1');
      // What the service decides: which accounts move, by how much, in what order.
      expect(tx.entries.map((e) => [e.accountId, e.amount.amount])).to.deep.equal([
        [customer.id, 300n],
        [CUSTOMER_SETTLEMENT, -300n],
      ]);
      // Both balances and the rows in one statement (the customer row before the busy settlement row).
      expect(sut.ledger.postDeposit.calledOnce).to.equal(true);
      expect(tx.entries.map((e) => e.balanceAfter?.amount)).to.deep.equal([1_300n, -300n]);
      expect(sut.recorded).to.have.length(1);
      expect(sut.recorded[0].id).to.equal(tx.id);
      expect(sut.record.completed?.id).to.equal(tx.id);
      expect(sut.record.completedBy, 'by the posting statement').to.equal('posting');
      const [charge] = sut.gateway.charge.firstCall.args;
      expect(charge.idempotencyKey).to.equal('downstream-key-1');
      expect(charge.amount.equals(brl(300n))).to.equal(true);
      expect(charge.source).to.equal('tok_visa');
      expect(sut.gateway.charge.calledBefore(sut.ledger.postDeposit), 'charged outside and before the ledger transaction').to.equal(true);
    });

    for (const [name, error] of [
      ['declined (402)', new PaymentDeclinedError()],
      ['failing (502)', new GatewayFailureError()],
      ['timing out (504)', new GatewayTimeoutError()],
    ] as const) {
      it(`changes no balance when the gateway is ${name}`, async () => {
        sut.gateway.charge.rejects(error);
        const failure = await sut.deposit().catch((e: unknown) => e);
        expect(failure).to.equal(error);
        expect(sut.ledger.postDeposit.called).to.equal(false);
        expect(sut.recorded).to.be.empty;
        expect(sut.record.completed).to.equal(null);
      });
    }

    it('charges nothing for an account that could not receive it', async () => {
      sut.accounts.findById.withArgs(customer.id).resolves(anAccount().withId(customer.id).ownedBy(7).closed().build());
      const failure = await sut.deposit().catch((e: unknown) => e);
      expect(failure).to.be.instanceOf(AccountClosedError);
      expect(sut.gateway.charge.called).to.equal(false);
    });

    it('refuses an unsupported currency, an amount out of range, and a currency not the account’s before anything else', async () => {
      expect(await sut.deposit({ currency: 'JPY' }).catch((e: unknown) => e)).to.be.instanceOf(UnsupportedCurrencyError);
      expect(await sut.deposit({ amount: 0n }).catch((e: unknown) => e)).to.be.instanceOf(ValidationError);
      expect(await sut.deposit({ amount: 10n ** 12n + 1n }).catch((e: unknown) => e)).to.be.instanceOf(ValidationError);
      expect(await sut.deposit({ currency: 'USD' }).catch((e: unknown) => e)).to.have.property('code', 'CURRENCY_MISMATCH');
      expect(sut.gateway.charge.called).to.equal(false);
    });

    it('hides another customer’s account (404) and refuses a service without payments:write (403)', async () => {
      expect(await sut.deposit({}, STRANGER).catch((e: unknown) => e)).to.be.instanceOf(AccountNotFoundError);
      expect(await sut.deposit({}, READ_ONLY_SERVICE).catch((e: unknown) => e)).to.be.instanceOf(ForbiddenError);
      expect(await sut.deposit({ accountId: '99999999-9999-4999-8999-999999999999' }).catch((e: unknown) => e)).to.be.instanceOf(AccountNotFoundError);
      expect(sut.gateway.charge.called).to.equal(false);
    });

    it('refuses to move money straight into a system account', async () => {
      sut.accounts.findById.withArgs(SETTLEMENT).resolves(Account.settlement('BRL', NOW));
      expect(await sut.deposit({ accountId: SETTLEMENT }, ADMIN).catch((e: unknown) => e)).to.be.instanceOf(SystemAccountError);
    });

    it('answers a 5xx when the statement refuses a captured charge and the row as it is now names a rule', async () => {
      sut.gateway.charge.resolves({ reference: 'ch_9' });
      // The statement credits whatever the status; a refusal is explained by the row as it is now.
      sut.ledger.postDeposit.onFirstCall().resolves({ kind: 'refused' });
      sut.accounts.findById.withArgs(customer.id).onSecondCall().resolves(anAccount().withId(customer.id).ownedBy(7).closed().build());
      const failure = await sut.deposit().catch((e: unknown) => e);
      expect(failure, 'a refusal of a captured charge is a 5xx, never a stored 4xx').to.be.instanceOf(DepositNotCreditedError);
      expect(sut.logged.map((l) => l.message)).to.include('a captured charge could not be credited: a retry with the same Idempotency-Key credits it');
    });

    it('tries a refused deposit again when the account, read again, would take it (it changed in between)', async () => {
      sut.gateway.charge.resolves({ reference: 'ch_10' });
      sut.ledger.postDeposit.onFirstCall().resolves({ kind: 'refused' });
      const tx = await sut.deposit();
      expect(sut.ledger.postDeposit.callCount).to.equal(2);
      expect(sut.record.completed?.id).to.equal(tx.id);
    });

    for (const [name, refusal] of [
      ['the balance limit', new BalanceLimitExceededError()],
      ['a vanished account', new AccountNotFoundError()],
    ] as const) {
      it(`answers a 5xx (never a stored 4xx) when a captured charge cannot be credited (${name}), logging the gateway reference`, async () => {
        sut.gateway.charge.resolves({ reference: 'ch_captured' });
        sut.ledger.postDeposit.rejects(refusal);
        const failure = await sut.deposit().catch((e: unknown) => e);
        expect(failure).to.be.instanceOf(DepositNotCreditedError);
        expect(sut.recorded).to.be.empty;
        expect(sut.record.completed).to.equal(null);
        expect(sut.logged).to.have.length(1);
        expect(sut.logged[0].fields).to.deep.include({ gatewayReference: 'ch_captured', accountId: customer.id, amount: '300' });
      });
    }

    it('lets a concurrency conflict (503) and a takeover of the key (409) through as they are', async () => {
      sut.gateway.charge.resolves({ reference: 'ch_1' });
      const conflict = new ConcurrencyConflictError();
      sut.ledger.postDeposit.onFirstCall().rejects(conflict);
      expect(await sut.deposit().catch((e: unknown) => e)).to.equal(conflict);
      // The posting statement writes the outcome: it is what finds the claim taken over.
      const takenOver = new IdempotencyInProgressError();
      sut.ledger.postDeposit.onSecondCall().rejects(takenOver);
      expect(await sut.deposit().catch((e: unknown) => e)).to.equal(takenOver);
      expect(sut.logged).to.have.length(1);
    });
  });

  describe('transfer', () => {
    it('moves money between two accounts and completes the record in the posting statement', async () => {
      const tx = await sut.transfer({ description: 'rent' });
      expect(tx.entries.map((e) => [e.accountId, e.amount.amount, e.balanceAfter?.amount])).to.deep.equal([
        [customer.id, -25n, 975n],
        [other.id, 25n, 75n],
      ]);
      expect(tx.description).to.equal('rent');
      expect(sut.record.completed?.id).to.equal(tx.id);
      expect(sut.record.completedBy, 'by the posting statement').to.equal('posting');
      expect(sut.gateway.charge.called || sut.gateway.payout.called).to.equal(false);
    });

    it('refuses a transfer to the same account before touching anything', async () => {
      expect(await sut.transfer({ toAccountId: customer.id }).catch((e: unknown) => e)).to.be.instanceOf(SameAccountError);
      expect(sut.accounts.findById.called).to.equal(false);
    });

    it('refuses an unknown destination (404) and a system account destination (409)', async () => {
      expect(await sut.transfer({ toAccountId: '99999999-9999-4999-8999-999999999999' }).catch((e: unknown) => e)).to.be.instanceOf(AccountNotFoundError);
      sut.accounts.findById.withArgs(SETTLEMENT).resolves(Account.settlement('BRL', NOW));
      expect(await sut.transfer({ toAccountId: SETTLEMENT }).catch((e: unknown) => e)).to.be.instanceOf(SystemAccountError);
    });

    it('only the source’s owner (or admin, or payments:write) may send', async () => {
      expect(await sut.transfer({}, STRANGER).catch((e: unknown) => e)).to.be.instanceOf(AccountNotFoundError);
      expect(await sut.transfer({}, READ_ONLY_SERVICE).catch((e: unknown) => e)).to.be.instanceOf(ForbiddenError);
      expect(await sut.transfer({}, { kind: 'service', clientId: 'pay', scopes: ['payments:write'] })).to.have.property('type', 'transfer');
    });

    it('refuses by the entity rule before posting anything (a closed destination)', async () => {
      sut.accounts.findById.withArgs(other.id).resolves(anAccount().withId(other.id).ownedBy(8).closed().build());
      expect(await sut.transfer().catch((e: unknown) => e)).to.be.instanceOf(AccountClosedError);
      expect(sut.ledger.postTransfer.called).to.equal(false);
      expect(sut.record.completed).to.equal(null);
    });
  });

  describe('posting', () => {
    it('tries again when the refused row turns out to allow the movement (it changed in between)', async () => {
      sut.ledger.postTransfer.onFirstCall().resolves({ kind: 'refused', accountId: customer.id });
      const tx = await sut.transfer();
      expect(tx.entries[0].balanceAfter?.amount).to.equal(975n);
      expect(sut.ledger.postTransfer.callCount).to.equal(2);
    });

    it('gives up with a concurrency conflict (503) after a few such rounds, logging each disagreement at error level', async () => {
      sut.ledger.postTransfer.resolves({ kind: 'refused', accountId: customer.id });
      expect(await sut.transfer().catch((e: unknown) => e)).to.be.instanceOf(ConcurrencyConflictError);
      expect(sut.ledger.postTransfer.callCount).to.equal(3);
      expect(sut.logged.filter((l) => l.message === 'the database refused a balance change that the account rules allow')).to.have.length(3);
    });

    it('explains a refusal with the rule of the row as it is now (insufficient funds after a concurrent debit)', async () => {
      sut.ledger.postTransfer.resolves({ kind: 'refused', accountId: customer.id });
      sut.accounts.findById.withArgs(customer.id).onFirstCall().resolves(customer).onSecondCall().resolves(anAccount().withId(customer.id).ownedBy(7).withBalance(10n).build());
      expect(await sut.transfer().catch((e: unknown) => e)).to.be.instanceOf(InsufficientFundsError);
      expect(sut.logged).to.be.empty;
    });

    it('reports an account that vanished', async () => {
      sut.ledger.postTransfer.resolves({ kind: 'refused', accountId: other.id });
      sut.accounts.findById.withArgs(other.id).onFirstCall().resolves(other).onSecondCall().resolves(null);
      expect(await sut.transfer().catch((e: unknown) => e)).to.be.instanceOf(AccountNotFoundError);
    });
  });
});

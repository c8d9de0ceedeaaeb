import { expect } from 'chai';
import type { Logger } from 'pino';
import sinon from 'sinon';
import { ForbiddenError } from '../../../../src/domain/modules/auth/auth.errors';
import type { Principal } from '../../../../src/domain/modules/auth/principal';
import { Account, settlementAccountId } from '../../../../src/domain/modules/financial/account.entity';
import type { IAccountRepository } from '../../../../src/domain/modules/financial/account.repository';
import {
  AccountClosedError,
  AccountFrozenError,
  AccountNotFoundError,
  AlreadyReversedError,
  BalanceLimitExceededError,
  DepositNotCreditedError,
  GatewayFailureError,
  GatewayOutcomeUnknownError,
  GatewayTimeoutError,
  GatewayUnavailableError,
  IdempotencyInProgressError,
  InsufficientFundsError,
  PaymentDeclinedError,
  SameAccountError,
  SystemAccountError,
  TransactionNotFoundError,
  UnsupportedCurrencyError,
  WithdrawalPendingError,
} from '../../../../src/domain/modules/financial/financial.errors';
import { PayoutSettledError } from '../../../../src/domain/modules/financial/gateway-settled.errors';
import type { RequestRecord } from '../../../../src/domain/modules/financial/idempotency.port';
import { LedgerTransaction } from '../../../../src/domain/modules/financial/ledger-transaction.entity';
import type { ILedgerRepository } from '../../../../src/domain/modules/financial/ledger.repository';
import { Money } from '../../../../src/domain/modules/financial/money.value-object';
import type { IPaymentGateway } from '../../../../src/domain/modules/financial/payment-gateway.port';
import { ConcurrencyConflictError, ValidationError } from '../../../../src/domain/shared/domain-error';
import type { AuditEvent } from '../../../../src/domain/shared/audit-log.port';
import type { IUnitOfWork } from '../../../../src/domain/shared/unit-of-work.port';
import { LedgerPoster } from '../../../../src/infra/services/financial/ledger-poster';
import { GatewayDebit } from '../../../../src/infra/services/financial/gateway-debit';
import { MoneyMovementService } from '../../../../src/infra/services/financial/money-movement.service';
import { anAccount } from '../../../builders/account.builder';

const NOW = new Date('2026-06-01T10:00:00.000Z');
const SETTLEMENT = settlementAccountId('BRL');
const brl = (amount: bigint) => Money.of(amount, 'BRL');
const OWNER: Principal = { kind: 'user', userId: 7, role: 'customer' };
const STRANGER: Principal = { kind: 'user', userId: 8, role: 'customer' };
const ADMIN: Principal = { kind: 'user', userId: 1, role: 'admin' };
const READ_ONLY_SERVICE: Principal = { kind: 'service', clientId: 'reports', scopes: ['accounts:read'] };

/** Records whether work runs inside it; a failure propagates, as a rollback would. */
class FakeUnitOfWork implements IUnitOfWork {
  transactions = 0;
  active = false;
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    this.transactions++;
    this.active = true;
    try {
      return await work();
    } finally {
      this.active = false;
    }
  }
}

/** The request's idempotency record: remembers what the operation wrote and whether inside a transaction. */
class FakeRecord implements RequestRecord<LedgerTransaction> {
  readonly externalKey = 'downstream-key-1';
  completed: LedgerTransaction | null = null;
  completedInTransaction = false;
  checkpoints: (string | null)[] = [];
  constructor(
    private readonly uow: FakeUnitOfWork,
    readonly resumeFrom: string | null = null,
  ) {}
  async checkpoint(transactionId: string | null) {
    expect(this.uow.active, 'checkpoint inside a transaction').to.equal(true);
    this.checkpoints.push(transactionId);
  }
  async complete(result: LedgerTransaction) {
    this.completed = result;
    this.completedInTransaction = this.uow.active;
  }
}

describe('MoneyMovementService', () => {
  let accounts: sinon.SinonStubbedInstance<IAccountRepository>;
  let ledger: sinon.SinonStubbedInstance<ILedgerRepository>;
  let gateway: sinon.SinonStubbedInstance<IPaymentGateway>;
  let uow: FakeUnitOfWork;
  let record: FakeRecord;
  let service: MoneyMovementService;
  let recorded: LedgerTransaction[];
  let logged: { level: string; fields: object; message: string }[];
  let audited: AuditEvent[];
  const customer = anAccount().withId('11111111-1111-4111-8111-111111111111').ownedBy(7).withBalance(1_000n).build();
  const other = anAccount().withId('22222222-2222-4222-8222-222222222222').ownedBy(8).withBalance(50n).build();

  beforeEach(() => {
    accounts = {
      create: sinon.stub(),
      findById: sinon.stub(),
      findByIds: sinon.stub(),
      findByOwner: sinon.stub(),
      list: sinon.stub(),
      debit: sinon.stub(),
      credit: sinon.stub(),
      postToSettlement: sinon.stub(),
      close: sinon.stub(),
      updateStatus: sinon.stub(),
    };
    ledger = { record: sinon.stub(), postTransfer: sinon.stub(), findById: sinon.stub(), refundedAmount: sinon.stub(), attachGatewayReference: sinon.stub(), statement: sinon.stub(), verify: sinon.stub() };
    gateway = { charge: sinon.stub(), payout: sinon.stub(), refund: sinon.stub() };
    recorded = [];
    ledger.record.callsFake(async (tx: LedgerTransaction) => {
      expect(uow.active, 'ledger rows written inside a transaction').to.equal(true);
      recorded.push(tx);
    });
    accounts.findById.withArgs(customer.id).callsFake(async () => anAccount().withId(customer.id).ownedBy(7).withBalance(1_000n).build());
    accounts.findById.withArgs(other.id).callsFake(async () => anAccount().withId(other.id).ownedBy(8).withBalance(50n).build());
    accounts.findById.resolves(null);
    accounts.findByIds.callsFake(async (ids: readonly string[]) => {
      const found = await Promise.all(ids.map((id) => accounts.findById(id)));
      return found.filter((a): a is Account => a !== null);
    });
    ledger.postTransfer.callsFake(async (tx: LedgerTransaction) => {
      expect(uow.active, 'transfer posted inside a transaction').to.equal(true);
      recorded.push(tx);
      const debit = tx.entries.find((e) => e.amount.isNegative()) as { accountId: string };
      const from = debit.accountId === customer.id ? 1_000n : 50n;
      const to = debit.accountId === customer.id ? 50n : 1_000n;
      return { kind: 'posted' as const, fromBalance: brl(from - tx.amount.amount), toBalance: brl(to + tx.amount.amount) };
    });
    accounts.debit.callsFake(async (_id, money) => brl(1_000n - money.amount));
    accounts.credit.callsFake(async (_id, money) => brl(50n + money.amount));
    // The settlement account starts empty in these tests: its balance after is the entry itself.
    accounts.postToSettlement.callsFake(async (amount) => amount);
    uow = new FakeUnitOfWork();
    record = new FakeRecord(uow);
    const clock = { now: () => NOW };
    logged = [];
    const logger = { error: (fields: object, message: string) => logged.push({ level: 'error', fields, message }) } as unknown as Logger;
    audited = [];
    const poster = new LedgerPoster(accounts, ledger, clock, logger);
    service = new MoneyMovementService(
      accounts,
      ledger,
      gateway,
      { supportedCurrencies: ['BRL', 'USD'], idempotencyLeaseMs: 60_000 },
      poster,
      new GatewayDebit(ledger, poster, uow, clock, logger),
      uow,
      clock,
      { record: (event) => audited.push(event) },
      logger,
    );
  });

  const deposit = (overrides: Partial<Parameters<MoneyMovementService['deposit']>[1]> = {}, actor: Principal = OWNER) =>
    service.deposit(actor, { accountId: customer.id, amount: 300n, currency: 'BRL', source: 'tok_visa', ...overrides }, record);
  const withdraw = (overrides: Partial<Parameters<MoneyMovementService['withdraw']>[1]> = {}, actor: Principal = OWNER) =>
    service.withdraw(actor, { accountId: customer.id, amount: 200n, currency: 'BRL', destination: 'bank_1', ...overrides }, record);
  const transfer = (overrides: Partial<Parameters<MoneyMovementService['transfer']>[1]> = {}, actor: Principal = OWNER) =>
    service.transfer(actor, { fromAccountId: customer.id, toAccountId: other.id, amount: 25n, currency: 'BRL', ...overrides }, record);

  describe('deposit', () => {
    it('charges with the request’s downstream key, then records the credit with the idempotency outcome in one transaction', async () => {
      gateway.charge.resolves({ reference: 'ch_123' });
      const tx = await deposit({ description: 'salary' });

      expect(tx.type).to.equal('deposit');
      expect(tx.gatewayReference).to.equal('ch_123');
      expect(tx.gatewayKey).to.equal('downstream-key-1');
      // What the service decides: which accounts move, by how much, in what order.
      expect(tx.entries.map((e) => [e.accountId, e.amount.amount])).to.deep.equal([
        [customer.id, 300n],
        [SETTLEMENT, -300n],
      ]);
      expect(accounts.credit.calledOnce).to.equal(true);
      const [creditedId, credited] = accounts.credit.firstCall.args;
      expect([creditedId, credited.amount, credited.currency]).to.deep.equal([customer.id, 300n, 'BRL']);
      expect(accounts.postToSettlement.firstCall.args[0].equals(brl(-300n))).to.equal(true);
      expect(accounts.credit.calledBefore(accounts.postToSettlement), 'the customer row before the busy settlement row').to.equal(true);
      expect(recorded).to.deep.equal([tx]);
      expect(record.completed).to.equal(tx);
      expect(record.completedInTransaction).to.equal(true);
      const [charge] = gateway.charge.firstCall.args;
      expect(charge.idempotencyKey).to.equal('downstream-key-1');
      expect(charge.amount.equals(brl(300n))).to.equal(true);
      expect(charge.source).to.equal('tok_visa');
      expect(gateway.charge.calledBefore(accounts.credit), 'charged outside and before the ledger transaction').to.equal(true);
    });

    for (const [name, error] of [
      ['declined (402)', new PaymentDeclinedError()],
      ['failing (502)', new GatewayFailureError()],
      ['timing out (504)', new GatewayTimeoutError()],
    ] as const) {
      it(`changes no balance when the gateway is ${name}`, async () => {
        gateway.charge.rejects(error);
        const failure = await deposit().catch((e: unknown) => e);
        expect(failure).to.equal(error);
        expect(accounts.credit.called || accounts.postToSettlement.called).to.equal(false);
        expect(recorded).to.be.empty;
        expect(record.completed).to.equal(null);
      });
    }

    it('charges nothing for an account that could not receive it', async () => {
      accounts.findById.withArgs(customer.id).resolves(anAccount().withId(customer.id).ownedBy(7).closed().build());
      const failure = await deposit().catch((e: unknown) => e);
      expect(failure).to.be.instanceOf(AccountClosedError);
      expect(gateway.charge.called).to.equal(false);
    });

    it('refuses an unsupported currency, an amount out of range, and a currency not the account’s before anything else', async () => {
      expect(await deposit({ currency: 'JPY' }).catch((e: unknown) => e)).to.be.instanceOf(UnsupportedCurrencyError);
      expect(await deposit({ amount: 0n }).catch((e: unknown) => e)).to.be.instanceOf(ValidationError);
      expect(await deposit({ amount: 10n ** 12n + 1n }).catch((e: unknown) => e)).to.be.instanceOf(ValidationError);
      expect(await deposit({ currency: 'USD' }).catch((e: unknown) => e)).to.have.property('code', 'CURRENCY_MISMATCH');
      expect(gateway.charge.called).to.equal(false);
    });

    it('hides another customer’s account (404) and refuses a service without payments:write (403)', async () => {
      expect(await deposit({}, STRANGER).catch((e: unknown) => e)).to.be.instanceOf(AccountNotFoundError);
      expect(await deposit({}, READ_ONLY_SERVICE).catch((e: unknown) => e)).to.be.instanceOf(ForbiddenError);
      expect(await deposit({ accountId: '99999999-9999-4999-8999-999999999999' }).catch((e: unknown) => e)).to.be.instanceOf(AccountNotFoundError);
      expect(gateway.charge.called).to.equal(false);
    });

    it('refuses to move money straight into a system account', async () => {
      accounts.findById.withArgs(SETTLEMENT).resolves(Account.settlement('BRL', NOW));
      expect(await deposit({ accountId: SETTLEMENT }, ADMIN).catch((e: unknown) => e)).to.be.instanceOf(SystemAccountError);
    });

    it('credits a captured charge even when the account closed between the check and the credit', async () => {
      gateway.charge.resolves({ reference: 'ch_9' });
      const tx = await deposit();
      expect(accounts.credit.firstCall.args[3], 'the money has arrived: it lands even in a closed account').to.deep.equal({ evenIfClosed: true });
      expect(recorded).to.deep.equal([tx]);
      expect(record.completed).to.equal(tx);
    });

    for (const [name, refusal] of [
      ['the balance limit', new BalanceLimitExceededError()],
      ['a vanished account', new AccountNotFoundError()],
    ] as const) {
      it(`answers a 5xx (never a stored 4xx) when a captured charge cannot be credited (${name}), logging the gateway reference`, async () => {
        gateway.charge.resolves({ reference: 'ch_captured' });
        accounts.credit.rejects(refusal);
        const failure = await deposit().catch((e: unknown) => e);
        expect(failure).to.be.instanceOf(DepositNotCreditedError);
        expect(recorded).to.be.empty;
        expect(record.completed).to.equal(null);
        expect(logged).to.have.length(1);
        expect(logged[0].fields).to.deep.include({ gatewayReference: 'ch_captured', accountId: customer.id, amount: '300' });
      });
    }

    it('lets a concurrency conflict (503) and a takeover of the key (409) through as they are', async () => {
      gateway.charge.resolves({ reference: 'ch_1' });
      const conflict = new ConcurrencyConflictError();
      accounts.credit.rejects(conflict);
      expect(await deposit().catch((e: unknown) => e)).to.equal(conflict);
      accounts.credit.callsFake(async (_id, money) => brl(50n + money.amount));
      const takenOver = new IdempotencyInProgressError();
      record.complete = async () => {
        throw takenOver;
      };
      expect(await deposit().catch((e: unknown) => e)).to.equal(takenOver);
      expect(logged).to.have.length(1);
    });
  });

  describe('withdraw', () => {
    it('debits first with a checkpoint, then pays out, then records the payout reference and the outcome', async () => {
      gateway.payout.resolves({ reference: 'po_1' });
      const tx = await withdraw();

      expect(tx.type).to.equal('withdrawal');
      expect(tx.entries.map((e) => [e.accountId, e.amount.amount, e.balanceAfter?.amount])).to.deep.equal([
        [customer.id, -200n, 800n],
        [SETTLEMENT, 200n, 200n],
      ]);
      expect(record.checkpoints).to.deep.equal([tx.id]);
      expect(accounts.debit.calledBefore(gateway.payout)).to.equal(true);
      expect(gateway.payout.firstCall.args[0]).to.include({ destination: 'bank_1', idempotencyKey: 'downstream-key-1' });
      expect(ledger.attachGatewayReference.calledOnceWithExactly(tx.id, 'po_1')).to.equal(true);
      expect(record.completed).to.equal(tx);
      expect(record.completedInTransaction).to.equal(true);
      expect(uow.transactions).to.equal(2);
    });

    it('pays nothing out when the balance does not cover it', async () => {
      accounts.debit.resolves(null);
      accounts.findById.withArgs(customer.id).callsFake(async () => anAccount().withId(customer.id).ownedBy(7).withBalance(100n).build());
      const failure = await withdraw().catch((e: unknown) => e);
      expect(failure).to.be.instanceOf(InsufficientFundsError);
      expect(gateway.payout.called).to.equal(false);
      expect(recorded).to.be.empty;
    });

    it('pays nothing out from a frozen account', async () => {
      accounts.debit.resolves(null);
      accounts.findById.withArgs(customer.id).callsFake(async () => anAccount().withId(customer.id).ownedBy(7).withBalance(1_000n).frozen().build());
      expect(await withdraw().catch((e: unknown) => e)).to.be.instanceOf(AccountFrozenError);
      expect(gateway.payout.called).to.equal(false);
    });

    for (const [name, error] of [
      ['fails', new GatewayFailureError()],
      ['is declined', new PaymentDeclinedError()],
      ['is never sent (circuit open)', new GatewayUnavailableError()],
    ] as const) {
      it(`puts the money back with a reversal when the payout ${name} (no money moved), then reports the gateway error`, async () => {
        gateway.payout.rejects(error);
        const failure = await withdraw().catch((e: unknown) => e);

        expect(failure).to.equal(error);
        expect(recorded.map((t) => t.type)).to.deep.equal(['withdrawal', 'reversal']);
        const [debit, reversal] = recorded;
        expect(reversal.reversesId).to.equal(debit.id);
        expect(reversal.entries.map((e) => [e.accountId, e.amount.amount])).to.deep.equal([
          [customer.id, 200n],
          [SETTLEMENT, -200n],
        ]);
        expect(accounts.credit.firstCall.args[3], 'compensation credits even a closed account').to.deep.equal({ evenIfClosed: true });
        expect(record.checkpoints).to.deep.equal([debit.id, null]);
        expect(record.completed).to.equal(null);
      });
    }

    for (const [name, error] of [
      ['times out', new GatewayTimeoutError()],
      ['gets a lost or unreadable answer', new GatewayOutcomeUnknownError()],
      ['throws something unexpected', new Error('bug')],
    ] as const) {
      it(`keeps the debit and its checkpoint when the payout ${name} (the money may have left), logging it as an error`, async () => {
        gateway.payout.rejects(error);
        const failure = await withdraw().catch((e: unknown) => e);

        expect(failure).to.equal(error);
        expect(recorded.map((t) => t.type)).to.deep.equal(['withdrawal']);
        expect(record.checkpoints, 'a retry resumes from the debit').to.deep.equal([recorded[0].id]);
        expect(record.completed).to.equal(null);
        expect(ledger.attachGatewayReference.called).to.equal(false);
        expect(logged).to.have.length(1);
        expect(logged[0].fields).to.deep.include({ transactionId: recorded[0].id, accountId: customer.id });
      });
    }

    it('resumes from the debit an interrupted attempt committed: no second debit', async () => {
      const earlier = LedgerTransaction.withdrawal({ id: 'w-earlier', account: customer, money: brl(200n), gatewayKey: 'downstream-key-1', now: NOW }).posted(
        new Map([
          [customer.id, brl(800n)],
          [SETTLEMENT, brl(200n)],
        ]),
      );
      ledger.findById.withArgs('w-earlier').resolves(earlier);
      record = new FakeRecord(uow, 'w-earlier');
      gateway.payout.resolves({ reference: 'po_1' });

      const tx = await withdraw();

      expect(tx).to.equal(earlier);
      expect(accounts.debit.called).to.equal(false);
      expect(recorded).to.be.empty;
      expect(gateway.payout.calledOnce).to.equal(true);
      expect(record.completed).to.equal(earlier);
    });

    it('starts afresh when the interrupted attempt’s debit was already put back', async () => {
      const earlier = LedgerTransaction.restore({
        id: 'w-earlier',
        type: 'withdrawal',
        description: null,
        entries: [
          { accountId: customer.id, amount: brl(-200n), balanceAfter: brl(800n) },
          { accountId: SETTLEMENT, amount: brl(200n), balanceAfter: brl(200n) },
        ],
        reversesId: null,
        reversedById: 'r-1',
        refundsId: null,
        gatewayKey: 'downstream-key-1',
        gatewayReference: null,
        createdAt: NOW,
      });
      ledger.findById.withArgs('w-earlier').resolves(earlier);
      record = new FakeRecord(uow, 'w-earlier');
      gateway.payout.resolves({ reference: 'po_2' });

      const tx = await withdraw();

      expect(tx.id).to.not.equal('w-earlier');
      expect(accounts.debit.calledOnce).to.equal(true);
      expect(record.checkpoints).to.deep.equal([tx.id]);
    });

    it('still reports the gateway error when an overlapping attempt already compensated', async () => {
      gateway.payout.rejects(new GatewayFailureError());
      ledger.record.onSecondCall().rejects(new AlreadyReversedError());
      const failure = await withdraw().catch((e: unknown) => e);
      expect(failure).to.be.instanceOf(GatewayFailureError);
    });

    it('lets a failing compensation surface, keeping the checkpoint so that a retry resumes', async () => {
      gateway.payout.rejects(new GatewayFailureError());
      const databaseDown = new Error('connection lost');
      ledger.record.onSecondCall().rejects(databaseDown);
      const failure = await withdraw().catch((e: unknown) => e);
      expect(failure).to.equal(databaseDown);
      expect(record.checkpoints).to.have.length(1);
    });
  });

  describe('transfer', () => {
    it('moves money between two accounts and completes the record in the same transaction', async () => {
      const tx = await transfer({ description: 'rent' });
      expect(tx.entries.map((e) => [e.accountId, e.amount.amount, e.balanceAfter?.amount])).to.deep.equal([
        [customer.id, -25n, 975n],
        [other.id, 25n, 75n],
      ]);
      expect(tx.description).to.equal('rent');
      expect(record.completed).to.equal(tx);
      expect(record.completedInTransaction).to.equal(true);
      expect(gateway.charge.called || gateway.payout.called).to.equal(false);
    });

    it('refuses a transfer to the same account before touching anything', async () => {
      expect(await transfer({ toAccountId: customer.id }).catch((e: unknown) => e)).to.be.instanceOf(SameAccountError);
      expect(accounts.findById.called).to.equal(false);
    });

    it('refuses an unknown destination (404) and a system account destination (409)', async () => {
      expect(await transfer({ toAccountId: '99999999-9999-4999-8999-999999999999' }).catch((e: unknown) => e)).to.be.instanceOf(AccountNotFoundError);
      accounts.findById.withArgs(SETTLEMENT).resolves(Account.settlement('BRL', NOW));
      expect(await transfer({ toAccountId: SETTLEMENT }).catch((e: unknown) => e)).to.be.instanceOf(SystemAccountError);
    });

    it('only the source’s owner (or admin, or payments:write) may send', async () => {
      expect(await transfer({}, STRANGER).catch((e: unknown) => e)).to.be.instanceOf(AccountNotFoundError);
      expect(await transfer({}, READ_ONLY_SERVICE).catch((e: unknown) => e)).to.be.instanceOf(ForbiddenError);
      expect(await transfer({}, { kind: 'service', clientId: 'pay', scopes: ['payments:write'] })).to.have.property('type', 'transfer');
    });

    it('refuses by the entity rule before posting anything (a closed destination)', async () => {
      accounts.findById.withArgs(other.id).resolves(anAccount().withId(other.id).ownedBy(8).closed().build());
      expect(await transfer().catch((e: unknown) => e)).to.be.instanceOf(AccountClosedError);
      expect(ledger.postTransfer.called).to.equal(false);
      expect(record.completed).to.equal(null);
    });
  });

  describe('posting', () => {
    it('tries again when the refused row turns out to allow the movement (it changed in between)', async () => {
      ledger.postTransfer.onFirstCall().resolves({ kind: 'refused', accountId: customer.id });
      const tx = await transfer();
      expect(tx.entries[0].balanceAfter?.amount).to.equal(975n);
      expect(ledger.postTransfer.callCount).to.equal(2);
    });

    it('gives up with a concurrency conflict (503) after a few such rounds, logging each disagreement at error level', async () => {
      ledger.postTransfer.resolves({ kind: 'refused', accountId: customer.id });
      expect(await transfer().catch((e: unknown) => e)).to.be.instanceOf(ConcurrencyConflictError);
      expect(ledger.postTransfer.callCount).to.equal(3);
      expect(logged.filter((l) => l.message === 'the database refused a balance change that the account rules allow')).to.have.length(3);
    });

    it('explains a refusal with the rule of the row as it is now (insufficient funds after a concurrent debit)', async () => {
      ledger.postTransfer.resolves({ kind: 'refused', accountId: customer.id });
      accounts.findById.withArgs(customer.id).onFirstCall().resolves(customer).onSecondCall().resolves(anAccount().withId(customer.id).ownedBy(7).withBalance(10n).build());
      expect(await transfer().catch((e: unknown) => e)).to.be.instanceOf(InsufficientFundsError);
      expect(logged).to.be.empty;
    });

    it('reports an account that vanished', async () => {
      ledger.postTransfer.resolves({ kind: 'refused', accountId: other.id });
      accounts.findById.withArgs(other.id).onFirstCall().resolves(other).onSecondCall().resolves(null);
      expect(await transfer().catch((e: unknown) => e)).to.be.instanceOf(AccountNotFoundError);
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
      ledger.findById.withArgs('t-1').resolves(original());
      const reversal = await service.reverse(ADMIN, 't-1', record);
      expect(reversal.reversesId).to.equal('t-1');
      expect(reversal.entries.map((e) => [e.accountId, e.amount.amount])).to.deep.equal([
        [customer.id, 25n],
        [other.id, -25n],
      ]);
      expect(record.completed).to.equal(reversal);
      expect(audited).to.deep.equal([
        { type: 'ledger.reversal', target: `transaction:${reversal.id}`, detail: { originalTransactionId: 't-1', amount: 25, currency: 'BRL' } },
      ]);
      const viaScope = await service.reverse({ kind: 'service', clientId: 'ops', scopes: ['ledger:admin'] }, 't-1', new FakeRecord(uow));
      expect(viaScope.type).to.equal('reversal');
    });

    it('refuses customers and other scopes (403) without looking anything up', async () => {
      expect(await service.reverse(OWNER, 't-1', record).catch((e: unknown) => e)).to.be.instanceOf(ForbiddenError);
      expect(await service.reverse(READ_ONLY_SERVICE, 't-1', record).catch((e: unknown) => e)).to.be.instanceOf(ForbiddenError);
      expect(ledger.findById.called).to.equal(false);
    });

    it('refuses a withdrawal whose payout has no result yet (409), and one that was paid out (409): its money left', async () => {
      const withdrawal = (gatewayReference: string | null) =>
        LedgerTransaction.restore({
          id: 'w-1',
          type: 'withdrawal',
          description: null,
          entries: [
            { accountId: customer.id, amount: brl(-200n), balanceAfter: brl(800n) },
            { accountId: SETTLEMENT, amount: brl(200n), balanceAfter: brl(200n) },
          ],
          reversesId: null,
          reversedById: null,
          refundsId: null,
          gatewayKey: 'downstream-key-0',
          gatewayReference,
          createdAt: NOW,
        });
      ledger.findById.withArgs('w-1').resolves(withdrawal(null));
      expect(await service.reverse(ADMIN, 'w-1', record).catch((e: unknown) => e)).to.be.instanceOf(WithdrawalPendingError);
      expect(recorded).to.be.empty;
      ledger.findById.withArgs('w-1').resolves(withdrawal('po_1'));
      expect(await service.reverse(ADMIN, 'w-1', record).catch((e: unknown) => e)).to.be.instanceOf(PayoutSettledError);
      expect(recorded).to.be.empty;
      expect(audited).to.be.empty;
    });

    it('answers 404 for an unknown transaction and 409 for a reversed one', async () => {
      expect(await service.reverse(ADMIN, 'nope', record).catch((e: unknown) => e)).to.be.instanceOf(TransactionNotFoundError);
      ledger.findById.withArgs('t-1').resolves(LedgerTransaction.restore({ ...stateOf(original()), reversedById: 'r-0' }));
      expect(await service.reverse(ADMIN, 't-1', record).catch((e: unknown) => e)).to.be.instanceOf(AlreadyReversedError);
      expect(recorded).to.be.empty;
    });
  });
});

function stateOf(tx: LedgerTransaction) {
  return {
    id: tx.id,
    type: tx.type,
    description: tx.description,
    entries: tx.entries,
    reversesId: tx.reversesId,
    reversedById: tx.reversedById,
    refundsId: tx.refundsId,
    gatewayKey: tx.gatewayKey,
    gatewayReference: tx.gatewayReference,
    createdAt: tx.createdAt,
  };
}

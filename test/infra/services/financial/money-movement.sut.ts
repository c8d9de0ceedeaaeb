import { expect } from 'chai';
import type { Logger } from 'pino';
import type { Principal } from '../../../../src/domain/modules/auth/principal';
import { type Account, settlementAccountFor, settlementAccountId } from '../../../../src/domain/modules/financial/account.entity';
import type { IAccountRepository } from '../../../../src/domain/modules/financial/account.repository';
import type { LedgerTransaction } from '../../../../src/domain/modules/financial/ledger-transaction.entity';
import type { Hold } from '../../../../src/domain/modules/financial/hold.entity';
import type { IHoldRepository } from '../../../../src/domain/modules/financial/hold.repository';
import type { ILedgerRepository, PostingRecords } from '../../../../src/domain/modules/financial/ledger.repository';
import { Money } from '../../../../src/domain/modules/financial/money.value-object';
import type { IPaymentGateway } from '../../../../src/domain/modules/financial/payment-gateway.port';
import type { AuditEvent } from '../../../../src/domain/shared/audit-log.port';
import { GatewayDebit } from '../../../../src/infra/services/financial/gateway-debit';
import { HoldBook } from '../../../../src/infra/services/financial/hold-book';
import { LedgerPoster } from '../../../../src/infra/services/financial/ledger-poster';
import { MoneyMovementService } from '../../../../src/infra/services/financial/money-movement.service';
import { WithdrawalPayout } from '../../../../src/infra/services/financial/withdrawal-payout';
import { anAccount } from '../../../builders/account.builder';
import { FakeRequestRecord } from '../../../doubles/fake-request-record';
import { FakeUnitOfWork } from '../../../doubles/fake-unit-of-work';
import { stubPort } from '../../../doubles/stub-port';
import { RecordingOutbox } from '../../../doubles/recording-outbox';

export const NOW = new Date('2026-06-01T10:00:00.000Z');
export const SETTLEMENT = settlementAccountId('BRL');
export const brl = (amount: bigint) => Money.of(amount, 'BRL');
export const OWNER: Principal = { kind: 'user', userId: 7, role: 'customer' };
export const STRANGER: Principal = { kind: 'user', userId: 8, role: 'customer' };
export const ADMIN: Principal = { kind: 'user', userId: 1, role: 'admin' };
export const READ_ONLY_SERVICE: Principal = { kind: 'service', clientId: 'reports', scopes: ['accounts:read'] };
/** The owner's account (1 000) and another customer's (50), as the stubbed repository holds them. */
export const customer = anAccount().withId('11111111-1111-4111-8111-111111111111').ownedBy(7).withBalance(1_000n).build();
export const other = anAccount().withId('22222222-2222-4222-8222-222222222222').ownedBy(8).withBalance(50n).build();
/** The settlement shard the owner's account moves money in and out through. */
export const CUSTOMER_SETTLEMENT = settlementAccountFor(customer.id, 'BRL');

type Request<Operation extends 'deposit' | 'withdraw' | 'transfer'> = Partial<Parameters<MoneyMovementService[Operation]>[1]>;

/**
 * A MoneyMovementService over stubbed ports: the repository holds `customer` and `other`, every ledger
 * write is recorded (and checked to run inside the unit of work), so is every hold stored and every
 * hold resolution (as the entity left it), logs and audit events are kept.
 */
export class MoneyMovementSut {
  readonly accounts = stubPort<IAccountRepository>();
  readonly ledger = stubPort<ILedgerRepository>();
  readonly holds = stubPort<IHoldRepository>();
  /** Each hold stored, then each resolution written, with the hold's status at that moment. */
  readonly holdWrites: { write: 'create' | 'resolve'; id: string; status: string; inTransaction: boolean }[] = [];
  readonly gateway = stubPort<IPaymentGateway>();
  readonly uow = new FakeUnitOfWork();
  /** The record the next operation completes; a test may swap in one that resumes. */
  record = new FakeRequestRecord<LedgerTransaction>(this.uow);
  readonly recorded: LedgerTransaction[] = [];
  /** Whether each recordPayoutReturned call ran inside the unit of work. */
  readonly returnedInTransaction: boolean[] = [];
  readonly logged: { level: string; fields: object; message: string }[] = [];
  readonly audited: AuditEvent[] = [];
  readonly outbox = new RecordingOutbox();
  readonly service: MoneyMovementService;

  constructor() {
    const { accounts, ledger, holds, uow, recorded } = this;
    const holdWrite = (write: 'create' | 'resolve', hold: Hold) => this.holdWrites.push({ write, id: hold.id, status: hold.status, inTransaction: uow.active });
    holds.create.callsFake(async (hold: Hold) => void holdWrite('create', hold));
    holds.resolve.callsFake(async (hold: Hold) => holdWrite('resolve', hold) > 0);
    holds.findById.resolves(null);
    accounts.reserve.resolves(true);
    ledger.record.callsFake(async (tx: LedgerTransaction) => {
      expect(uow.active, 'ledger rows written inside a transaction').to.equal(true);
      recorded.push(tx);
    });
    ledger.recordPayoutReturned.callsFake(async () => {
      this.returnedInTransaction.push(uow.active);
    });
    accounts.findById.withArgs(customer.id).callsFake(async () => anAccount().withId(customer.id).ownedBy(7).withBalance(1_000n).build());
    accounts.findById.withArgs(other.id).callsFake(async () => anAccount().withId(other.id).ownedBy(8).withBalance(50n).build());
    accounts.findById.resolves(null);
    accounts.findByIds.callsFake(async (ids: readonly string[]) => {
      const found = await Promise.all(ids.map((id) => accounts.findById(id)));
      return found.filter((a): a is Account => a !== null);
    });
    ledger.postTransfer.callsFake(async (tx: LedgerTransaction, records: PostingRecords) => {
      recorded.push(tx);
      this.wrote(records);
      const debit = tx.entries.find((e) => e.amount.isNegative()) as { accountId: string };
      const from = debit.accountId === customer.id ? 1_000n : 50n;
      const to = debit.accountId === customer.id ? 50n : 1_000n;
      return { kind: 'posted' as const, fromBalance: brl(from - tx.amount.amount), toBalance: brl(to + tx.amount.amount) };
    });
    ledger.postDeposit.callsFake(async (tx: LedgerTransaction, records: PostingRecords) => {
      // One statement, its own transaction: no unit of work around it.
      expect(uow.active, 'deposit posted on its own').to.equal(false);
      recorded.push(tx);
      this.wrote(records);
      // The settlement account starts empty in these tests: its balance after is the entry itself.
      return { kind: 'posted' as const, accountBalance: brl(1_000n + tx.amount.amount), settlementBalance: brl(-tx.amount.amount) };
    });
    accounts.debit.callsFake(async (_id, money) => brl(1_000n - money.amount));
    accounts.credit.callsFake(async (_id, money) => brl(50n + money.amount));
    // The settlement account starts empty in these tests: its balance after is the entry itself.
    accounts.postToSettlement.callsFake(async (_id, amount) => amount);
    const clock = { now: () => NOW };
    const logger = { error: (fields: object, message: string) => this.logged.push({ level: 'error', fields, message }) } as unknown as Logger;
    const poster = new LedgerPoster(accounts, ledger, clock, logger, this.outbox);
    this.service = new MoneyMovementService(
      accounts,
      ledger,
      this.gateway,
      { supportedCurrencies: ['BRL', 'USD'], idempotencyLeaseMs: 60_000 },
      poster,
      new GatewayDebit(ledger, poster, uow, clock, logger),
      new WithdrawalPayout(accounts, holds, new HoldBook(accounts, holds, logger), poster, uow, clock, this.outbox, logger),
      uow,
      clock,
      { record: (event) => this.audited.push(event) },
      logger,
    );
  }

  /** What a posting statement writes with the movement: its event (kept with the outbox's) and the outcome. */
  private wrote(records: PostingRecords): void {
    this.outbox.events.push(records.event);
    records.outcome?.written();
  }

  deposit(overrides: Request<'deposit'> = {}, actor: Principal = OWNER) {
    return this.service.deposit(actor, { accountId: customer.id, amount: 300n, currency: 'BRL', source: 'tok_visa', ...overrides }, this.record);
  }

  withdraw(overrides: Request<'withdraw'> = {}, actor: Principal = OWNER) {
    return this.service.withdraw(actor, { accountId: customer.id, amount: 200n, currency: 'BRL', destination: 'bank_1', ...overrides }, this.record);
  }

  transfer(overrides: Request<'transfer'> = {}, actor: Principal = OWNER) {
    return this.service.transfer(actor, { fromAccountId: customer.id, toAccountId: other.id, amount: 25n, currency: 'BRL', ...overrides }, this.record);
  }
}

export const makeSut = () => new MoneyMovementSut();

/** A transaction's stored state, to restore a variant of it. */
export function stateOf(tx: LedgerTransaction) {
  return {
    id: tx.id,
    type: tx.type,
    description: tx.description,
    entries: tx.entries,
    reversesId: tx.reversesId,
    reversedById: tx.reversedById,
    refundsId: tx.refundsId,
    holdId: tx.holdId,
    gatewayKey: tx.gatewayKey,
    gatewayReference: tx.gatewayReference,
    payoutState: tx.payoutState,
    createdAt: tx.createdAt,
  };
}

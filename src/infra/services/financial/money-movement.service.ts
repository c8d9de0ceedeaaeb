import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { Logger } from 'pino';
import type { Principal } from '../../../domain/modules/auth/principal';
import { financialAccessPolicy as policy } from '../../../domain/modules/financial/financial-access.policy';
import type { Account } from '../../../domain/modules/financial/account.entity';
import type { IAccountRepository } from '../../../domain/modules/financial/account.repository';
import type { FinancialSettings } from '../../../domain/modules/financial/financial-settings';
import {
  DepositNotCreditedError,
  IdempotencyInProgressError,
  SameAccountError,
  SystemAccountError,
  TransactionNotFoundError,
} from '../../../domain/modules/financial/financial.errors';
import { FINANCIAL_TYPES } from '../../../domain/modules/financial/financial.types';
import type { RequestRecord } from '../../../domain/modules/financial/idempotency.port';
import { assertLedgerReversible } from '../../../domain/modules/financial/ledger-reversal.policy';
import { LedgerTransaction } from '../../../domain/modules/financial/ledger-transaction.entity';
import type { ILedgerRepository } from '../../../domain/modules/financial/ledger.repository';
import type { DepositInput, IMoneyMovementService, TransferInput, WithdrawalInput } from '../../../domain/modules/financial/money-movement.service';
import type { IPaymentGateway } from '../../../domain/modules/financial/payment-gateway.port';
import type { IAuditLog } from '../../../domain/shared/audit-log.port';
import type { IClock } from '../../../domain/shared/clock.port';
import { ConcurrencyConflictError, DomainError } from '../../../domain/shared/domain-error';
import { SHARED_TYPES } from '../../../domain/shared/shared.types';
import type { IUnitOfWork } from '../../../domain/shared/unit-of-work.port';
import { INFRA_TYPES } from '../../infra.types';
import { existingAccount, movementMoney, movingPair } from './financial-guards';
import { GatewayDebit } from './gateway-debit';
import { LedgerPoster } from './ledger-poster';
import { WithdrawalPayout } from './withdrawal-payout';

type MovementRecord = RequestRecord<LedgerTransaction>;

/**
 * Deposits, withdrawals, transfers and reversals. Each ledger change commits in one database
 * transaction together with the request's idempotency record; no transaction is ever held open
 * across a payment-gateway call.
 */
@injectable()
export class MoneyMovementService implements IMoneyMovementService {
  constructor(
    @inject(FINANCIAL_TYPES.IAccountRepository) private readonly accounts: IAccountRepository,
    @inject(FINANCIAL_TYPES.ILedgerRepository) private readonly ledger: ILedgerRepository,
    @inject(FINANCIAL_TYPES.IPaymentGateway) private readonly gateway: IPaymentGateway,
    @inject(FINANCIAL_TYPES.FinancialSettings) private readonly settings: FinancialSettings,
    @inject(LedgerPoster) private readonly poster: LedgerPoster,
    @inject(GatewayDebit) private readonly debits: GatewayDebit,
    @inject(WithdrawalPayout) private readonly payouts: WithdrawalPayout,
    @inject(SHARED_TYPES.IUnitOfWork) private readonly uow: IUnitOfWork,
    @inject(SHARED_TYPES.IClock) private readonly clock: IClock,
    @inject(SHARED_TYPES.IAuditLog) private readonly audit: IAuditLog,
    @inject(INFRA_TYPES.Logger) private readonly logger: Logger,
  ) {}

  /**
   * Charge first, then record: a declined or failed charge changes no balance. Once the charge is
   * captured the money has arrived, so it is credited even if the account closed meanwhile; if it
   * still cannot be (the balance limit), the answer is a 5xx, which stores nothing for the key, so a
   * retry charges again with the same downstream key (the gateway answers with the same charge) and
   * credits it once.
   */
  async deposit(actor: Principal, input: DepositInput, record: MovementRecord): Promise<LedgerTransaction> {
    const money = movementMoney(this.settings, input.amount, input.currency);
    const account = await this.movableAccount(actor, input.accountId);
    // Rules only, on a copy that is then dropped: nothing is charged that could not be credited
    // (closed account, other currency).
    account.credit(money, this.clock.now());

    // The gateway recognises a retry by this key, so a repeated deposit is never charged twice.
    const receipt = await this.gateway.charge({ amount: money, source: input.source, idempotencyKey: record.externalKey, description: input.description });
    try {
      const deposit = LedgerTransaction.deposit({
        id: randomUUID(),
        account,
        money,
        description: input.description,
        gatewayKey: record.externalKey,
        gatewayReference: receipt.reference,
        now: this.clock.now(),
      });
      // One statement, its own transaction: the credit, the settlement debit, the rows, the event
      // and the request's outcome commit together, and the settlement shard it debits (shared with
      // the other accounts of that shard) is locked while that statement runs, not across a BEGIN
      // and a COMMIT round trip.
      return await this.poster.postDeposit(deposit, record.outcome(deposit));
    } catch (error) {
      // A takeover attempt of this same request holds the key now, and credits the charge itself.
      if (error instanceof IdempotencyInProgressError) throw error;
      this.logger.error(
        { err: error, gatewayReference: receipt.reference, accountId: input.accountId, amount: money.amount.toString() },
        'a captured charge could not be credited: a retry with the same Idempotency-Key credits it',
      );
      // A client error here would be stored and replayed, and the captured money never credited.
      if (error instanceof DomainError && !(error instanceof ConcurrencyConflictError)) throw new DepositNotCreditedError();
      throw error;
    }
  }

  /**
   * Reserve first (a hold, committed with the request's checkpoint), then pay out: WithdrawalPayout
   * captures the hold when the gateway has paid, voids it when the payout certainly failed, and
   * keeps it for the request's retry when the outcome is unknown.
   */
  async withdraw(actor: Principal, input: WithdrawalInput, record: MovementRecord): Promise<LedgerTransaction> {
    const money = movementMoney(this.settings, input.amount, input.currency);
    const account = await this.movableAccount(actor, input.accountId);
    const send = () => this.gateway.payout({ amount: money, destination: input.destination, idempotencyKey: record.externalKey, description: input.description });
    // A withdrawal debited before withdrawals were held (its payout unresolved at the upgrade)
    // settles the way it started.
    const debited = await this.debits.resumable(record, 'withdrawal');
    if (debited) {
      return this.debits.settle(debited, record, {
        send,
        putBackDescription: `Payout failed: withdrawal ${debited.id} returned`,
        unknownOutcomeMessage: 'payout outcome unknown: the withdrawal stays debited until a retry with the same Idempotency-Key settles it',
        logFields: { accountId: input.accountId },
      });
    }
    const hold = (await this.payouts.resumable(record)) ?? (await this.payouts.reserve(account, money, input.description ?? null, record));
    return this.payouts.pay(hold, record, send);
  }

  /**
   * Both accounts are read once, their entities apply every rule (the same rules the posting
   * statement enforces atomically), then one statement posts it with the request's outcome: key
   * and movement commit together, in that statement's own transaction or in the caller's.
   */
  async transfer(actor: Principal, input: TransferInput, record: MovementRecord): Promise<LedgerTransaction> {
    const money = movementMoney(this.settings, input.amount, input.currency);
    if (input.fromAccountId === input.toAccountId) throw new SameAccountError();
    policy.assertMayAttempt(actor, 'moveMoney');
    const { from, to } = await movingPair(this.accounts, actor, input.fromAccountId, input.toAccountId);
    const transfer = LedgerTransaction.transfer({ id: randomUUID(), from, to, money, description: input.description, now: this.clock.now() });
    // The rules, on copies that are then dropped: a refusal is explained here, before any write.
    from.debit(money, transfer.createdAt);
    to.credit(money, transfer.createdAt);
    return this.poster.postTransfer(transfer, record.outcome(transfer));
  }

  /**
   * Ledger-only correction by an admin; it follows the same balance rules as any movement. Only
   * money that never left the books (a transfer, a sweep) is reversed so: see assertLedgerReversible.
   */
  async reverse(actor: Principal, transactionId: string, record: MovementRecord): Promise<LedgerTransaction> {
    policy.assertCanAdministerLedger(actor);
    const posted = await this.uow.transaction(async () => {
      const original = await this.ledger.findById(transactionId);
      if (!original) throw new TransactionNotFoundError();
      assertLedgerReversible(original);
      const reversal = await this.poster.post(original.reverse({ id: randomUUID(), now: this.clock.now() }));
      await record.complete(reversal);
      return reversal;
    });
    this.audit.record({
      type: 'ledger.reversal',
      target: `transaction:${posted.id}`,
      detail: { originalTransactionId: transactionId, amount: posted.amount.toSafeInteger(), currency: posted.currency },
    });
    return posted;
  }

  private async movableAccount(actor: Principal, accountId: string): Promise<Account> {
    policy.assertMayAttempt(actor, 'moveMoney');
    const account = await existingAccount(this.accounts, accountId);
    policy.assertCanMoveMoney(actor, account);
    if (account.isSystem) throw new SystemAccountError();
    return account;
  }
}

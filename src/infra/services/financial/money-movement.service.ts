import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { Logger } from 'pino';
import type { Principal } from '../../../domain/modules/auth/principal';
import { assertCanReachAll } from '../../../domain/modules/financial/account-access';
import type { Account } from '../../../domain/modules/financial/account.entity';
import type { IAccountRepository } from '../../../domain/modules/financial/account.repository';
import type { FinancialSettings } from '../../../domain/modules/financial/financial-settings';
import {
  AccountNotFoundError,
  AlreadyReversedError,
  DepositNotCreditedError,
  GatewayError,
  IdempotencyInProgressError,
  SameAccountError,
  SystemAccountError,
  TransactionNotFoundError,
  WithdrawalPendingError,
} from '../../../domain/modules/financial/financial.errors';
import { FINANCIAL_TYPES } from '../../../domain/modules/financial/financial.types';
import type { RequestRecord } from '../../../domain/modules/financial/idempotency.port';
import { LedgerTransaction } from '../../../domain/modules/financial/ledger-transaction.entity';
import type { ILedgerRepository } from '../../../domain/modules/financial/ledger.repository';
import type { DepositInput, IMoneyMovementService, TransferInput, WithdrawalInput } from '../../../domain/modules/financial/money-movement.service';
import type { IPaymentGateway } from '../../../domain/modules/financial/payment-gateway.port';
import type { IClock } from '../../../domain/shared/clock.port';
import { ConcurrencyConflictError, DomainError } from '../../../domain/shared/domain-error';
import { SHARED_TYPES } from '../../../domain/shared/shared.types';
import type { IUnitOfWork } from '../../../domain/shared/unit-of-work.port';
import { INFRA_TYPES } from '../../infra.types';
import { movementMoney, reachableAccount } from './financial-guards';
import { LedgerPoster } from './ledger-poster';

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
    @inject(SHARED_TYPES.IUnitOfWork) private readonly uow: IUnitOfWork,
    @inject(SHARED_TYPES.IClock) private readonly clock: IClock,
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
      return await this.uow.transaction(async () => {
        const deposit = LedgerTransaction.deposit({
          id: randomUUID(),
          account,
          money,
          description: input.description,
          gatewayKey: record.externalKey,
          gatewayReference: receipt.reference,
          now: this.clock.now(),
        });
        const posted = await this.poster.post(deposit, { evenIfClosed: true });
        await record.complete(posted);
        return posted;
      });
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
   * Debit first (atomically, with the idempotency record marking it as this request's first step),
   * then pay out. A payout known to have moved no money (declined, failed, never sent) is put back
   * with a reversal before answering. A payout whose outcome is unknown (timeout, lost or unreadable
   * answer) keeps the debit and its checkpoint: the error is a 5xx, so nothing is stored for the key,
   * and a retry with the same key resumes from the debit and asks the gateway again with the same
   * downstream key, which settles it either way.
   */
  async withdraw(actor: Principal, input: WithdrawalInput, record: MovementRecord): Promise<LedgerTransaction> {
    const money = movementMoney(this.settings, input.amount, input.currency);
    const account = await this.movableAccount(actor, input.accountId);
    const debit =
      (await this.resumableDebit(record)) ??
      (await this.uow.transaction(async () => {
        const posted = await this.poster.post(
          LedgerTransaction.withdrawal({ id: randomUUID(), account, money, description: input.description, gatewayKey: record.externalKey, now: this.clock.now() }),
        );
        await record.checkpoint(posted.id);
        return posted;
      }));

    let reference: string;
    try {
      ({ reference } = await this.gateway.payout({ amount: money, destination: input.destination, idempotencyKey: record.externalKey, description: input.description }));
    } catch (error) {
      if (error instanceof GatewayError && !error.outcomeUnknown) {
        await this.compensate(debit, record);
      } else {
        this.logger.error(
          { err: error, transactionId: debit.id, accountId: input.accountId },
          'payout outcome unknown: the withdrawal stays debited until a retry with the same Idempotency-Key settles it',
        );
      }
      throw error;
    }
    return this.uow.transaction(async () => {
      await this.ledger.attachGatewayReference(debit.id, reference);
      await record.complete(debit);
      return debit;
    });
  }

  async transfer(actor: Principal, input: TransferInput, record: MovementRecord): Promise<LedgerTransaction> {
    const money = movementMoney(this.settings, input.amount, input.currency);
    if (input.fromAccountId === input.toAccountId) throw new SameAccountError();
    const from = await this.movableAccount(actor, input.fromAccountId);
    const to = await this.accounts.findById(input.toAccountId);
    if (!to) throw new AccountNotFoundError();
    if (to.isSystem) throw new SystemAccountError();
    return this.uow.transaction(async () => {
      const posted = await this.poster.post(LedgerTransaction.transfer({ id: randomUUID(), from, to, money, description: input.description, now: this.clock.now() }));
      await record.complete(posted);
      return posted;
    });
  }

  /**
   * Ledger-only correction by an admin; it follows the same balance rules as any movement. A
   * withdrawal whose payout has no result yet is refused: its request's retry settles it.
   */
  async reverse(actor: Principal, transactionId: string, record: MovementRecord): Promise<LedgerTransaction> {
    assertCanReachAll(actor, 'ledger:admin');
    return this.uow.transaction(async () => {
      const original = await this.ledger.findById(transactionId);
      if (!original) throw new TransactionNotFoundError();
      // No gateway reference: the payout is in flight or its outcome unknown, and may still pay out.
      if (original.type === 'withdrawal' && original.gatewayReference === null && original.reversedById === null) throw new WithdrawalPendingError();
      const posted = await this.poster.post(original.reverse({ id: randomUUID(), now: this.clock.now() }));
      await record.complete(posted);
      return posted;
    });
  }

  private async movableAccount(actor: Principal, accountId: string): Promise<Account> {
    const account = await reachableAccount(this.accounts, actor, accountId, 'payments:write');
    if (account.isSystem) throw new SystemAccountError();
    return account;
  }

  /** The debit an interrupted attempt of this same request committed, unless it was already put back. */
  private async resumableDebit(record: MovementRecord): Promise<LedgerTransaction | null> {
    if (record.resumeFrom === null) return null;
    const earlier = await this.ledger.findById(record.resumeFrom);
    return earlier && earlier.type === 'withdrawal' && earlier.reversedById === null ? earlier : null;
  }

  private async compensate(debit: LedgerTransaction, record: MovementRecord): Promise<void> {
    try {
      await this.uow.transaction(async () => {
        const reversal = debit.reverse({ id: randomUUID(), now: this.clock.now(), description: `Payout failed: withdrawal ${debit.id} returned` });
        await this.poster.post(reversal, { evenIfClosed: true });
        // The debit is undone, so a retry of this request must start afresh, not resume from it.
        await record.checkpoint(null);
      });
    } catch (error) {
      // An overlapping attempt of this same request (a takeover) put the money back already.
      if (error instanceof AlreadyReversedError) return;
      throw error;
    }
  }
}

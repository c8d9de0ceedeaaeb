import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { Logger } from 'pino';
import type { Account } from '../../../domain/modules/financial/account.entity';
import type { IAccountRepository } from '../../../domain/modules/financial/account.repository';
import { GatewayError, IdempotencyInProgressError, LedgerInvariantError } from '../../../domain/modules/financial/financial.errors';
import { holdEvent } from '../../../domain/modules/financial/financial.events';
import { FINANCIAL_TYPES } from '../../../domain/modules/financial/financial.types';
import { Hold } from '../../../domain/modules/financial/hold.entity';
import { HoldNotPendingError } from '../../../domain/modules/financial/hold.errors';
import type { IHoldRepository } from '../../../domain/modules/financial/hold.repository';
import type { RequestRecord } from '../../../domain/modules/financial/idempotency.port';
import { LedgerTransaction } from '../../../domain/modules/financial/ledger-transaction.entity';
import type { Money } from '../../../domain/modules/financial/money.value-object';
import type { GatewayReceipt } from '../../../domain/modules/financial/payment-gateway.port';
import type { IClock } from '../../../domain/shared/clock.port';
import type { IEventOutbox } from '../../../domain/shared/events.port';
import { SHARED_TYPES } from '../../../domain/shared/shared.types';
import type { IUnitOfWork } from '../../../domain/shared/unit-of-work.port';
import { INFRA_TYPES } from '../../infra.types';
import { HoldBook } from './hold-book';
import { LedgerPoster } from './ledger-poster';

type MovementRecord = RequestRecord<LedgerTransaction>;

/**
 * A withdrawal on a hold. Its money is reserved first (a hold of kind `withdrawal`, committed with
 * a checkpoint on the request's idempotency record), then the gateway pays it out:
 * - paid: the `withdrawal` transaction captures the whole hold, with the payout's reference and
 *   the request's outcome, in one database transaction;
 * - certainly not paid (declined, failed, never sent): the hold is voided before answering, and a
 *   retry of the request starts afresh;
 * - outcome unknown (timeout, lost or unreadable answer): the hold stays, without expiry; the
 *   error is a 5xx, so nothing is stored for the key, and a retry with the same key resumes from
 *   the hold and asks the gateway again with the same downstream key.
 * No database transaction is held open across the gateway call.
 */
@injectable()
export class WithdrawalPayout {
  constructor(
    @inject(FINANCIAL_TYPES.IAccountRepository) private readonly accounts: IAccountRepository,
    @inject(FINANCIAL_TYPES.IHoldRepository) private readonly holds: IHoldRepository,
    @inject(HoldBook) private readonly book: HoldBook,
    @inject(LedgerPoster) private readonly poster: LedgerPoster,
    @inject(SHARED_TYPES.IUnitOfWork) private readonly uow: IUnitOfWork,
    @inject(SHARED_TYPES.IClock) private readonly clock: IClock,
    @inject(SHARED_TYPES.IEventOutbox) private readonly outbox: IEventOutbox,
    @inject(INFRA_TYPES.Logger) private readonly logger: Logger,
  ) {}

  /**
   * The hold an interrupted attempt of this same request placed, while its payout is unresolved;
   * null when there is none, or it was voided (the payout certainly failed: start afresh).
   */
  async resumable(record: MovementRecord): Promise<Hold | null> {
    if (record.resumeFrom === null) return null;
    const hold = await this.holds.findById(record.resumeFrom);
    if (hold === null || hold.kind !== 'withdrawal' || hold.status === 'voided') return null;
    // A captured hold commits with the request's outcome, which is replayed before this is reached:
    // starting afresh from one would pay it out twice.
    if (hold.status !== 'pending') throw new LedgerInvariantError(`Withdrawal hold ${hold.id} is ${hold.status} but its request has no outcome`);
    return hold;
  }

  /** Reserves the money on the account (the rules of a debit), as this request's first step. */
  reserve(account: Account, money: Money, description: string | null, record: MovementRecord): Promise<Hold> {
    return this.uow.transaction(async () => {
      const now = this.clock.now();
      const hold = Hold.forWithdrawal({ id: randomUUID(), from: account, money, description, now });
      await this.book.open(hold, now);
      await this.outbox.record(holdEvent('hold.placed', hold));
      await record.checkpoint(hold.id);
      return hold;
    });
  }

  /** Pays the hold out through `send`, then settles it as the gateway's answer says. */
  async pay(hold: Hold, record: MovementRecord, send: () => Promise<GatewayReceipt>): Promise<LedgerTransaction> {
    let reference: string;
    try {
      ({ reference } = await send());
    } catch (error) {
      if (error instanceof GatewayError && !error.outcomeUnknown) {
        await this.release(hold, record);
      } else {
        this.logger.error(
          { err: error, holdId: hold.id, accountId: hold.fromAccountId },
          'payout outcome unknown: the withdrawal stays held until a retry with the same Idempotency-Key settles it',
        );
      }
      throw error;
    }
    return this.uow.transaction(async () => {
      const now = this.clock.now();
      const withdrawal = LedgerTransaction.withdrawal({ id: randomUUID(), hold, gatewayKey: record.externalKey, gatewayReference: reference, now });
      hold.capture(undefined, withdrawal.id, now);
      await this.accounts.lock([hold.fromAccountId]);
      await this.resolveOrYield(hold, now);
      // The money has left: the account pays it even if it was frozen meanwhile (the hold covers it).
      const posted = await this.poster.post(withdrawal, { evenIfInactive: true });
      await this.outbox.record(holdEvent('hold.captured', hold));
      await record.complete(posted);
      return posted;
    });
  }

  private async release(hold: Hold, record: MovementRecord): Promise<void> {
    try {
      await this.uow.transaction(async () => {
        const now = this.clock.now();
        hold.void(now);
        await this.accounts.lock([hold.fromAccountId]);
        await this.resolveOrYield(hold, now);
        await this.outbox.record(holdEvent('hold.voided', hold));
        // The hold is gone, so a retry of this request must start afresh, not resume from it.
        await record.checkpoint(null);
      });
    } catch (error) {
      // An overlapping attempt of this same request (a takeover) resolved the hold already.
      if (error instanceof IdempotencyInProgressError) return;
      throw error;
    }
  }

  /**
   * Only attempts of this request resolve a withdrawal's hold, so one already resolved was settled
   * by an attempt that took the request over: that attempt answers it.
   */
  private async resolveOrYield(hold: Hold, now: Date): Promise<void> {
    try {
      await this.book.close(hold, now);
    } catch (error) {
      if (error instanceof HoldNotPendingError) throw new IdempotencyInProgressError();
      throw error;
    }
  }
}

import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { Logger } from 'pino';
import { AlreadyReversedError, GatewayError } from '../../../domain/modules/financial/financial.errors';
import { FINANCIAL_TYPES } from '../../../domain/modules/financial/financial.types';
import type { RequestRecord } from '../../../domain/modules/financial/idempotency.port';
import type { LedgerTransaction, TransactionType } from '../../../domain/modules/financial/ledger-transaction.entity';
import type { ILedgerRepository } from '../../../domain/modules/financial/ledger.repository';
import type { GatewayReceipt } from '../../../domain/modules/financial/payment-gateway.port';
import type { IClock } from '../../../domain/shared/clock.port';
import { SHARED_TYPES } from '../../../domain/shared/shared.types';
import type { IUnitOfWork } from '../../../domain/shared/unit-of-work.port';
import { INFRA_TYPES } from '../../infra.types';
import { LedgerPoster } from './ledger-poster';

type MovementRecord = RequestRecord<LedgerTransaction>;

export interface SettlementSteps {
  /** The gateway call that sends the debited money out (a payout, a refund). */
  send(): Promise<GatewayReceipt>;
  /** Description of the reversal that puts the money back when the call certainly failed. */
  putBackDescription: string;
  /** Logged at error level when the call's outcome is unknown. */
  unknownOutcomeMessage: string;
  logFields: Record<string, unknown>;
}

/**
 * The second half of a movement that debits first and then calls the gateway (withdrawals,
 * refunds). The debit is committed with a checkpoint on the request's idempotency record. A call
 * known to have moved no money (declined, failed, never sent) is put back by a reversal before
 * answering. A call whose outcome is unknown (timeout, lost or unreadable answer) keeps the debit
 * and its checkpoint: the error is a 5xx, so nothing is stored for the key, and a retry with the
 * same key resumes from the debit and asks the gateway again with the same downstream key.
 */
@injectable()
export class GatewayDebit {
  constructor(
    @inject(FINANCIAL_TYPES.ILedgerRepository) private readonly ledger: ILedgerRepository,
    @inject(LedgerPoster) private readonly poster: LedgerPoster,
    @inject(SHARED_TYPES.IUnitOfWork) private readonly uow: IUnitOfWork,
    @inject(SHARED_TYPES.IClock) private readonly clock: IClock,
    @inject(INFRA_TYPES.Logger) private readonly logger: Logger,
  ) {}

  /** The debit an interrupted attempt of this same request committed, unless it was already put back. */
  async resumable(record: MovementRecord, type: TransactionType): Promise<LedgerTransaction | null> {
    if (record.resumeFrom === null) return null;
    const earlier = await this.ledger.findById(record.resumeFrom);
    return earlier && earlier.type === type && earlier.payoutState !== 'returned' ? earlier : null;
  }

  /** Sends the debited money out, then records the gateway's reference with the request's outcome. */
  async settle(debit: LedgerTransaction, record: MovementRecord, steps: SettlementSteps): Promise<LedgerTransaction> {
    let reference: string;
    try {
      ({ reference } = await steps.send());
    } catch (error) {
      if (error instanceof GatewayError && !error.outcomeUnknown) {
        await this.putBack(debit, record, steps.putBackDescription);
      } else {
        this.logger.error({ err: error, transactionId: debit.id, ...steps.logFields }, steps.unknownOutcomeMessage);
      }
      throw error;
    }
    return this.uow.transaction(async () => {
      await this.ledger.recordPayoutPaid(debit.id, reference);
      await record.complete(debit);
      return debit;
    });
  }

  private async putBack(debit: LedgerTransaction, record: MovementRecord, description: string): Promise<void> {
    try {
      await this.uow.transaction(async () => {
        await this.poster.post(debit.reverse({ id: randomUUID(), now: this.clock.now(), description }), { evenIfClosed: true });
        // With the reversal or not at all: a returned debit always has the reversal that returned it.
        await this.ledger.recordPayoutReturned(debit.id);
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

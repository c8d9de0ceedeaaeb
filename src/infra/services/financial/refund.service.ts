import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { Principal } from '../../../domain/modules/auth/principal';
import { financialAccessPolicy as policy } from '../../../domain/modules/financial/financial-access.policy';
import { TransactionNotFoundError } from '../../../domain/modules/financial/financial.errors';
import { FINANCIAL_TYPES } from '../../../domain/modules/financial/financial.types';
import { NotRefundableError } from '../../../domain/modules/financial/gateway-settled.errors';
import type { RequestRecord } from '../../../domain/modules/financial/idempotency.port';
import type { LedgerTransaction } from '../../../domain/modules/financial/ledger-transaction.entity';
import type { ILedgerRepository } from '../../../domain/modules/financial/ledger.repository';
import { Money } from '../../../domain/modules/financial/money.value-object';
import type { IPaymentGateway } from '../../../domain/modules/financial/payment-gateway.port';
import type { IRefundService, RefundInput } from '../../../domain/modules/financial/refund.service';
import type { IAuditLog } from '../../../domain/shared/audit-log.port';
import type { IClock } from '../../../domain/shared/clock.port';
import { SHARED_TYPES } from '../../../domain/shared/shared.types';
import type { IUnitOfWork } from '../../../domain/shared/unit-of-work.port';
import { GatewayDebit } from './gateway-debit';
import { LedgerPoster } from './ledger-poster';

type MovementRecord = RequestRecord<LedgerTransaction>;

/**
 * Refunds mirror withdrawals, so that money can never leave twice: the customer is debited first
 * (one conditional UPDATE: not enough money is a 422 and the gateway is never called), then the
 * charge is refunded. A refund that certainly failed is put back in the same request; one whose
 * outcome is unknown stays debited until a retry with the same Idempotency-Key settles it.
 */
@injectable()
export class RefundService implements IRefundService {
  constructor(
    @inject(FINANCIAL_TYPES.ILedgerRepository) private readonly ledger: ILedgerRepository,
    @inject(FINANCIAL_TYPES.IPaymentGateway) private readonly gateway: IPaymentGateway,
    @inject(LedgerPoster) private readonly poster: LedgerPoster,
    @inject(GatewayDebit) private readonly debits: GatewayDebit,
    @inject(SHARED_TYPES.IUnitOfWork) private readonly uow: IUnitOfWork,
    @inject(SHARED_TYPES.IClock) private readonly clock: IClock,
    @inject(SHARED_TYPES.IAuditLog) private readonly audit: IAuditLog,
  ) {}

  async refund(actor: Principal, input: RefundInput, record: MovementRecord): Promise<LedgerTransaction> {
    policy.assertCanAdministerLedger(actor);
    const { debit, chargeReference } = (await this.resumed(record)) ?? (await this.debit(input, record));
    const refunded = await this.debits.settle(debit, record, {
      send: () => this.gateway.refund({ amount: debit.amount, chargeReference, idempotencyKey: record.externalKey, description: input.description }),
      putBackDescription: `Refund failed: refund ${debit.id} returned`,
      unknownOutcomeMessage: 'refund outcome unknown: the refund stays debited until a retry with the same Idempotency-Key settles it',
      logFields: { depositId: input.depositId },
    });
    this.audit.record({
      type: 'ledger.refund',
      target: `transaction:${refunded.id}`,
      detail: { originalTransactionId: input.depositId, amount: refunded.amount.toSafeInteger(), currency: refunded.currency },
    });
    return refunded;
  }

  /**
   * The deposit's row is locked first, so that refunds of one deposit queue behind each other: each
   * sees what the earlier ones took, and together they never exceed the deposit.
   */
  private debit(input: RefundInput, record: MovementRecord): Promise<{ debit: LedgerTransaction; chargeReference: string }> {
    return this.uow.transaction(async () => {
      const deposit = await this.ledger.findById(input.depositId, { forUpdate: true });
      if (!deposit) throw new TransactionNotFoundError();
      const chargeReference = this.chargeOf(deposit);
      const refund = deposit.refund({
        id: randomUUID(),
        money: input.amount === undefined ? undefined : Money.movement(input.amount, deposit.currency),
        alreadyRefunded: await this.ledger.refundedAmount(deposit.id, deposit.currency),
        gatewayKey: record.externalKey,
        description: input.description,
        now: this.clock.now(),
      });
      // A refund returns money to the payer it came from: it may leave a frozen or closed account.
      const posted = await this.poster.post(refund, { evenIfInactive: true });
      await record.checkpoint(posted.id);
      return { debit: posted, chargeReference };
    });
  }

  /** The debit an interrupted attempt of this same request committed (checked once, then resumed). */
  private async resumed(record: MovementRecord): Promise<{ debit: LedgerTransaction; chargeReference: string } | null> {
    const debit = await this.debits.resumable(record, 'refund');
    if (!debit) return null;
    const deposit = await this.ledger.findById(debit.refundsId as string);
    if (!deposit) throw new TransactionNotFoundError();
    return { debit, chargeReference: this.chargeOf(deposit) };
  }

  private chargeOf(deposit: LedgerTransaction): string {
    // Only deposits carry a charge; every deposit is recorded with its charge's reference.
    if (deposit.type !== 'deposit' || deposit.gatewayReference === null) throw new NotRefundableError();
    return deposit.gatewayReference;
  }
}

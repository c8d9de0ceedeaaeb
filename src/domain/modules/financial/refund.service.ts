import type { Principal } from '../auth/principal';
import type { RequestRecord } from './idempotency.port';
import type { LedgerTransaction } from './ledger-transaction.entity';

export interface RefundInput {
  depositId: string;
  /** Minor units; omitted: whatever is left of the deposit. */
  amount?: bigint;
  description?: string;
}

/**
 * Deposits taken back through the payment gateway (admins and `ledger:admin`): the customer is
 * debited first, then the charge is refunded, so money can never leave twice.
 */
export interface IRefundService {
  refund(actor: Principal, input: RefundInput, record: RequestRecord<LedgerTransaction>): Promise<LedgerTransaction>;
}

import { AlreadyReversedError, WithdrawalPendingError } from './financial.errors';
import { PayoutSettledError, RefundPendingError, RefundRequiredError } from './gateway-settled.errors';
import type { LedgerTransaction } from './ledger-transaction.entity';

/**
 * Whether an admin may correct `transaction` with a ledger-only reversal. Only movements that never
 * left the books qualify (transfers, sweeps): money the payment gateway settled is moved back only
 * through the gateway, or the books would say it came back while it stays paid out (or charged).
 * Reversals themselves are refused by the transaction (NOT_REVERSIBLE).
 */
export function assertLedgerReversible(transaction: LedgerTransaction): void {
  switch (transaction.type) {
    case 'deposit':
      throw new RefundRequiredError();
    case 'withdrawal':
    case 'refund':
      switch (transaction.payoutState) {
        // Put back already, after its payout failed.
        case 'returned':
          throw new AlreadyReversedError();
        // In flight or its outcome unknown: its retry settles it.
        case 'awaiting':
          throw transaction.type === 'withdrawal' ? new WithdrawalPendingError() : new RefundPendingError();
        default:
          throw new PayoutSettledError();
      }
    default:
      return;
  }
}

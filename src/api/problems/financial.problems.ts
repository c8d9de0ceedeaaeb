import type { FinancialErrorCode } from '../../domain/modules/financial/financial.error-codes';
import type { ProblemKind } from './problem';

/** Raised by the idempotency middleware, not by a domain error. */
type FinancialHttpCode = 'IDEMPOTENCY_KEY_REQUIRED';

/** Defects, not client errors: no row, so the error handler logs them and answers a generic 500. */
export type FinancialDefectCode = 'LEDGER_INVARIANT_VIOLATED';

/**
 * A row for every financial error: a new error class without one does not compile. Deliberately
 * absent: LEDGER_INVARIANT_VIOLATED, a defect that must stay an unexplained, logged 500.
 */
export const FINANCIAL_PROBLEMS = {
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, title: 'Idempotency-Key required' },
  PAYMENT_DECLINED: { status: 402, title: 'Payment declined' },
  ACCOUNT_NOT_FOUND: { status: 404, title: 'Account not found' },
  TRANSACTION_NOT_FOUND: { status: 404, title: 'Transaction not found' },
  HOLD_NOT_FOUND: { status: 404, title: 'Hold not found' },
  ACCOUNT_FROZEN: { status: 409, title: 'Account frozen' },
  ACCOUNT_CLOSED: { status: 409, title: 'Account closed' },
  ACCOUNT_BALANCE_NOT_ZERO: { status: 409, title: 'Account balance not zero' },
  ACCOUNT_OWNER_INACTIVE: { status: 409, title: 'Account owner inactive' },
  SYSTEM_ACCOUNT: { status: 409, title: 'System account' },
  ALREADY_REVERSED: { status: 409, title: 'Transaction already reversed' },
  WITHDRAWAL_PENDING: { status: 409, title: 'Withdrawal pending' },
  REFUND_PENDING: { status: 409, title: 'Refund pending' },
  PAYOUT_SETTLED: { status: 409, title: 'Paid out through the gateway' },
  REFUND_REQUIRED: { status: 409, title: 'Refund required' },
  ALREADY_REFUNDED: { status: 409, title: 'Deposit already refunded' },
  ACCOUNT_NOT_CLOSED: { status: 409, title: 'Account not closed' },
  NOTHING_TO_SWEEP: { status: 409, title: 'Nothing to sweep' },
  HOLD_NOT_PENDING: { status: 409, title: 'Hold not pending' },
  HOLD_SETTLED_BY_PAYOUT: { status: 409, title: 'Hold settled by its payout' },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, title: 'Request already in progress', headers: { 'Retry-After': '1' } },
  INSUFFICIENT_FUNDS: { status: 422, title: 'Insufficient funds' },
  CURRENCY_MISMATCH: { status: 422, title: 'Currency mismatch' },
  UNSUPPORTED_CURRENCY: { status: 422, title: 'Unsupported currency' },
  SAME_ACCOUNT: { status: 422, title: 'Same account' },
  NOT_REVERSIBLE: { status: 422, title: 'Transaction not reversible' },
  NOT_REFUNDABLE: { status: 422, title: 'Transaction not refundable' },
  ACCOUNT_OWNER_MISMATCH: { status: 422, title: 'Account owner mismatch' },
  BALANCE_LIMIT_EXCEEDED: { status: 422, title: 'Balance limit exceeded' },
  CAPTURE_EXCEEDS_HOLD: { status: 422, title: 'Capture exceeds hold' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'Idempotency-Key reused' },
  DEPOSIT_NOT_CREDITED: { status: 500, title: 'Deposit not credited' },
  GATEWAY_FAILURE: { status: 502, title: 'Payment gateway failure' },
  GATEWAY_UNAVAILABLE: { status: 503, title: 'Payment gateway unavailable', headers: { 'Retry-After': '10' } },
  GATEWAY_TIMEOUT: { status: 504, title: 'Payment gateway timeout' },
} satisfies Record<Exclude<FinancialErrorCode, FinancialDefectCode> | FinancialHttpCode, ProblemKind>;

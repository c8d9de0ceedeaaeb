export type IntegrityProblemKind =
  | 'UNBALANCED_TRANSACTION'
  | 'TOO_FEW_ENTRIES'
  | 'BALANCE_MISMATCH'
  | 'RUNNING_BALANCE_MISMATCH'
  | 'NEGATIVE_CUSTOMER_BALANCE'
  | 'ENTRY_CURRENCY_MISMATCH'
  /** A withdrawal or refund `returned` without the reversal that returned it, or reversed but not `returned`. */
  | 'PAYOUT_STATE_MISMATCH'
  /** An account's pending_balance is not the sum of its holds with status pending. */
  | 'PENDING_BALANCE_MISMATCH';

export interface IntegrityProblem {
  kind: IntegrityProblemKind;
  transactionId?: string;
  accountId?: string;
  detail: string;
}

/**
 * A refund debited some minutes ago whose gateway call has no result yet (its request was
 * interrupted, or the call's outcome was unknown and never retried). The ledger is balanced (the
 * money sits in settlement), but someone must settle it: retry the request, or ask the gateway.
 */
export interface PendingRefund {
  transactionId: string;
  accountId: string;
  /** Minor units. */
  amount: number;
  currency: string;
  createdAt: string;
}

/**
 * A withdrawal whose payout has had no result for some minutes: its money is held (`holdId`), or,
 * for one debited before withdrawals were held, debited (`transactionId`). Like a pending refund,
 * it needs its request retried or the gateway asked.
 */
export type PendingWithdrawal = Omit<PendingRefund, 'transactionId'> & { holdId: string | null; transactionId: string | null };

/**
 * A closed account that still holds money (a charge captured while it was closing, a failed
 * payout put back after it closed). Not a ledger problem, but money without an owner's way out
 * until an admin sweeps it (POST /v1/accounts/{id}/sweep) or refunds its deposit.
 */
export interface ClosedAccountWithBalance {
  accountId: string;
  ownerId: number;
  /** Minor units. */
  balance: number;
  currency: string;
}

/** The outcome of checking every double-entry invariant over the whole ledger. */
export interface IntegrityReport {
  balanced: boolean;
  accountsChecked: number;
  transactionsChecked: number;
  problems: IntegrityProblem[];
  /** Not a ledger problem (`balanced` ignores it): withdrawals awaiting their payout's result, oldest first. */
  pendingWithdrawals: { count: number; items: PendingWithdrawal[] };
  /** Likewise for refunds awaiting the gateway's result. */
  pendingRefunds: { count: number; items: PendingRefund[] };
  /** Not a ledger problem either (`balanced` ignores it): closed accounts holding money. */
  closedAccountsWithBalance: { count: number; items: ClosedAccountWithBalance[] };
}

export type IntegrityProblemKind =
  | 'UNBALANCED_TRANSACTION'
  | 'TOO_FEW_ENTRIES'
  | 'BALANCE_MISMATCH'
  | 'RUNNING_BALANCE_MISMATCH'
  | 'NEGATIVE_CUSTOMER_BALANCE'
  | 'ENTRY_CURRENCY_MISMATCH';

export interface IntegrityProblem {
  kind: IntegrityProblemKind;
  transactionId?: string;
  accountId?: string;
  detail: string;
}

/** The outcome of checking every double-entry invariant over the whole ledger. */
export interface IntegrityReport {
  balanced: boolean;
  accountsChecked: number;
  transactionsChecked: number;
  problems: IntegrityProblem[];
}

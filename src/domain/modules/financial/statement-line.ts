import type { TransactionType } from './ledger-transaction.entity';
import type { Money } from './money.value-object';

/** One entry of an account, as its owner sees it on a statement. */
export interface StatementLine {
  /** Position of the entry in the ledger; statements page on it, newest first. */
  entryId: string;
  transactionId: string;
  type: TransactionType;
  /** Signed: negative left the account, positive entered it. */
  amount: Money;
  balanceAfter: Money;
  description: string | null;
  /** The other account of the transaction (the settlement account for deposits and withdrawals). */
  counterpartyAccountId: string | null;
  createdAt: Date;
}

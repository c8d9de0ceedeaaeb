import type { LedgerTransaction } from '../../domain/modules/financial/ledger-transaction.entity';
import type { StatementLine } from '../../domain/modules/financial/statement-line';

export interface TransactionResponse {
  id: string;
  type: string;
  amount: number;
  currency: string;
  description: string | null;
  /** Signed amounts per account. No balances: they would show the other party's. */
  entries: { accountId: string; amount: number }[];
  reversesTransactionId: string | null;
  reversedByTransactionId: string | null;
  /** The deposit a refund pays back. */
  refundsTransactionId: string | null;
  /** The hold a capture posts. */
  holdId: string | null;
  createdAt: string;
}

export interface StatementLineResponse {
  transactionId: string;
  type: string;
  amount: number;
  balanceAfter: number;
  description: string | null;
  counterpartyAccountId: string | null;
  createdAt: string;
}

export function presentTransaction(transaction: LedgerTransaction): TransactionResponse {
  return {
    id: transaction.id,
    type: transaction.type,
    amount: transaction.amount.toSafeInteger(),
    currency: transaction.currency,
    description: transaction.description,
    entries: transaction.entries.map((e) => ({ accountId: e.accountId, amount: e.amount.toSafeInteger() })),
    reversesTransactionId: transaction.reversesId,
    reversedByTransactionId: transaction.reversedById,
    refundsTransactionId: transaction.refundsId,
    holdId: transaction.holdId,
    createdAt: transaction.createdAt.toISOString(),
  };
}

export function presentStatementLine(line: StatementLine): StatementLineResponse {
  return {
    transactionId: line.transactionId,
    type: line.type,
    amount: line.amount.toSafeInteger(),
    balanceAfter: line.balanceAfter.toSafeInteger(),
    description: line.description,
    counterpartyAccountId: line.counterpartyAccountId,
    createdAt: line.createdAt.toISOString(),
  };
}

/** The 201 of every money movement: the transaction, located at its own URL. */
export function createdTransaction(transaction: LedgerTransaction): { status: number; body: TransactionResponse; location: string } {
  return { status: 201, body: presentTransaction(transaction), location: `/v1/transactions/${transaction.id}` };
}

import type { LedgerTransaction } from '../../domain/modules/financial/ledger-transaction.entity';
import { type TransactionResource, transactionResource } from '../../domain/modules/financial/transaction.resource';
import type { StatementLine } from '../../domain/modules/financial/statement-line';

/** The same JSON as the transaction's events carry: one declaration, in the domain. */
export type TransactionResponse = TransactionResource;
export const presentTransaction = transactionResource;

export interface StatementLineResponse {
  transactionId: string;
  type: string;
  amount: number;
  balanceAfter: number;
  description: string | null;
  counterpartyAccountId: string | null;
  createdAt: string;
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

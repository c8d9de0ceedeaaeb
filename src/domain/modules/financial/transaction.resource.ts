import type { LedgerTransaction } from './ledger-transaction.entity';

/** A ledger transaction as the API presents it (GET /v1/transactions/{id}) and as its events carry it. */
// A type, not an interface: it is also an event's `data` (a record of JSON values).
export type TransactionResource = {
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
};

export function transactionResource(transaction: LedgerTransaction): TransactionResource {
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

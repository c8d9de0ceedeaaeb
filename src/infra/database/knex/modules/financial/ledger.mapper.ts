import { LedgerTransaction, type LedgerEntry, type PayoutState, type TransactionType } from '../../../../../domain/modules/financial/ledger-transaction.entity';
import { Money } from '../../../../../domain/modules/financial/money.value-object';
import type { StatementLine } from '../../../../../domain/modules/financial/statement-line';
import { toBigInt } from './bigint-column';

type BigintColumn = string | number | bigint;

export interface TransactionRow {
  id: string;
  type: string;
  description: string | null;
  reverses_id: string | null;
  reversed_by_id: string | null;
  refunds_id: string | null;
  hold_id: string | null;
  gateway_key: string | null;
  gateway_reference: string | null;
  payout_state: string | null;
  created_at: Date;
}

export interface EntryRow {
  account_id: string;
  currency: string;
  amount: BigintColumn;
  balance_after: BigintColumn;
}

export interface StatementRow {
  id: BigintColumn;
  transaction_id: string;
  type: string;
  currency: string;
  amount: BigintColumn;
  balance_after: BigintColumn;
  description: string | null;
  counterparty_account_id: string | null;
  created_at: Date;
}

export const LedgerMapper = {
  toEntity(row: TransactionRow, entries: EntryRow[]): LedgerTransaction {
    return LedgerTransaction.restore({
      id: row.id,
      type: row.type as TransactionType,
      description: row.description,
      entries: entries.map(
        (e): LedgerEntry => ({
          accountId: e.account_id,
          amount: Money.of(toBigInt(e.amount), e.currency),
          balanceAfter: Money.of(toBigInt(e.balance_after), e.currency),
        }),
      ),
      reversesId: row.reverses_id,
      reversedById: row.reversed_by_id,
      refundsId: row.refunds_id,
      holdId: row.hold_id,
      gatewayKey: row.gateway_key,
      gatewayReference: row.gateway_reference,
      payoutState: row.payout_state as PayoutState | null,
      createdAt: new Date(row.created_at),
    });
  },

  toTransactionRow(transaction: LedgerTransaction): Omit<TransactionRow, 'reversed_by_id'> {
    return {
      id: transaction.id,
      type: transaction.type,
      description: transaction.description,
      reverses_id: transaction.reversesId,
      refunds_id: transaction.refundsId,
      hold_id: transaction.holdId,
      gateway_key: transaction.gatewayKey,
      gateway_reference: transaction.gatewayReference,
      payout_state: transaction.payoutState,
      created_at: transaction.createdAt,
    };
  },

  /** Amounts go to the database as decimal strings: exact whatever their size. */
  toEntryRows(transaction: LedgerTransaction) {
    return transaction.entries.map((e) => {
      if (!e.balanceAfter) throw new Error(`Transaction ${transaction.id} is stored before it is posted`);
      return {
        transaction_id: transaction.id,
        account_id: e.accountId,
        currency: e.amount.currency,
        amount: e.amount.amount.toString(),
        balance_after: e.balanceAfter.amount.toString(),
        created_at: transaction.createdAt,
      };
    });
  },

  toStatementLine(row: StatementRow): StatementLine {
    return {
      entryId: toBigInt(row.id).toString(),
      transactionId: row.transaction_id,
      type: row.type as TransactionType,
      amount: Money.of(toBigInt(row.amount), row.currency),
      balanceAfter: Money.of(toBigInt(row.balance_after), row.currency),
      description: row.description,
      counterpartyAccountId: row.counterparty_account_id,
      createdAt: new Date(row.created_at),
    };
  },
};

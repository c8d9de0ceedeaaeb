import { Hold, type HoldKind, type HoldStatus } from '../../../../../domain/modules/financial/hold.entity';
import { Money } from '../../../../../domain/modules/financial/money.value-object';
import { toBigInt } from './bigint-column';

type BigintColumn = string | number | bigint;

export interface HoldRow {
  id: string;
  kind: string;
  from_account_id: string;
  to_account_id: string | null;
  currency: string;
  amount: BigintColumn;
  captured_amount: BigintColumn | null;
  status: string;
  description: string | null;
  expires_at: Date | null;
  created_at: Date;
  resolved_at: Date | null;
  capture_transaction_id: string | null;
}

export const HOLD_COLUMNS = [
  'id',
  'kind',
  'from_account_id',
  'to_account_id',
  'currency',
  'amount',
  'captured_amount',
  'status',
  'description',
  'expires_at',
  'created_at',
  'resolved_at',
  'capture_transaction_id',
];

export const HoldMapper = {
  toEntity(row: HoldRow): Hold {
    return Hold.restore({
      id: row.id,
      kind: row.kind as HoldKind,
      fromAccountId: row.from_account_id,
      toAccountId: row.to_account_id,
      amount: Money.of(toBigInt(row.amount), row.currency),
      capturedAmount: row.captured_amount === null ? null : Money.of(toBigInt(row.captured_amount), row.currency),
      status: row.status as HoldStatus,
      description: row.description,
      expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
      createdAt: new Date(row.created_at),
      resolvedAt: row.resolved_at === null ? null : new Date(row.resolved_at),
      captureTransactionId: row.capture_transaction_id,
    });
  },

  /** Amounts go to the database as decimal strings: exact whatever their size. */
  toRow(hold: Hold): Omit<HoldRow, 'amount' | 'captured_amount'> & { amount: string; captured_amount: string | null } {
    return {
      id: hold.id,
      kind: hold.kind,
      from_account_id: hold.fromAccountId,
      to_account_id: hold.toAccountId,
      currency: hold.currency,
      amount: hold.amount.amount.toString(),
      captured_amount: hold.capturedAmount === null ? null : hold.capturedAmount.amount.toString(),
      status: hold.status,
      description: hold.description,
      expires_at: hold.expiresAt,
      created_at: hold.createdAt,
      resolved_at: hold.resolvedAt,
      capture_transaction_id: hold.captureTransactionId,
    };
  },
};

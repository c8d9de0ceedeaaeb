import { Account, type AccountKind, type AccountStatus } from '../../../../../domain/modules/financial/account.entity';
import { Money } from '../../../../../domain/modules/financial/money.value-object';
import { toBigInt } from './bigint-column';

export interface AccountRow {
  id: string;
  kind: string;
  owner_id: number | null;
  currency: string;
  status: string;
  balance: string | number | bigint;
  /** Read through pendingBalanceColumn: only holds still pending at the reader's clock count. */
  pending_balance: string | number | bigint;
  created_at: Date;
  updated_at: Date;
}

export const ACCOUNT_COLUMNS = ['id', 'kind', 'owner_id', 'currency', 'status', 'balance', 'pending_balance', 'created_at', 'updated_at'];

export const AccountMapper = {
  toEntity(row: AccountRow): Account {
    return Account.restore({
      id: row.id,
      kind: row.kind as AccountKind,
      ownerId: row.owner_id,
      currency: row.currency,
      status: row.status as AccountStatus,
      balance: Money.of(toBigInt(row.balance), row.currency),
      pendingBalance: Money.of(toBigInt(row.pending_balance), row.currency),
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
    });
  },

  toRow(account: Account): Omit<AccountRow, 'balance' | 'pending_balance'> & { balance: string; pending_balance: string } {
    return {
      id: account.id,
      kind: account.kind,
      owner_id: account.ownerId,
      currency: account.currency,
      status: account.status,
      balance: account.balance.amount.toString(),
      pending_balance: account.pendingBalance.amount.toString(),
      created_at: account.createdAt,
      updated_at: account.updatedAt,
    };
  },
};

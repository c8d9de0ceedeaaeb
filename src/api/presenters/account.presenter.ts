import type { Account } from '../../domain/modules/financial/account.entity';

export interface AccountResponse {
  id: string;
  ownerId: number | null;
  currency: string;
  status: string;
  /** Minor units, a JSON integer (balances are capped at 2^53 - 1, so it is always exact). */
  balance: number;
  /** Reserved by pending holds (expired ones no longer count). */
  pendingBalance: number;
  /** What a debit may take: balance less pendingBalance. */
  availableBalance: number;
  createdAt: string;
}

/** Fields are listed one by one: a new column must never reach a client by accident. */
export function presentAccount(account: Account): AccountResponse {
  return {
    id: account.id,
    ownerId: account.ownerId,
    currency: account.currency,
    status: account.status,
    balance: account.balance.toSafeInteger(),
    pendingBalance: account.pendingBalance.toSafeInteger(),
    availableBalance: account.availableBalance.toSafeInteger(),
    createdAt: account.createdAt.toISOString(),
  };
}

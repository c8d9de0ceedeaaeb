import type { Account } from './account.entity';

/** An account as the API presents it (GET /v1/accounts/{id}) and as its events carry it. */
// A type, not an interface: it is also an event's `data` (a record of JSON values).
export type AccountResource = {
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
};

/** Fields are listed one by one: a new column must never reach a client by accident. */
export function accountResource(account: Account): AccountResource {
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

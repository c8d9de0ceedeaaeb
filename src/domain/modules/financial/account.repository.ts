import type { Page, PageQuery } from '../../shared/pagination';
import type { Account } from './account.entity';
import type { Money } from './money.value-object';

/** Keyset position in the account list (oldest first). */
export interface AccountCursor {
  createdAt: Date;
  id: string;
}

/**
 * Balances change only through the conditional methods below: each is one atomic statement that
 * checks and changes the balance together, and answers null when the account's rules refuse.
 * The Account entity then explains the refusal (insufficient funds, frozen, closed).
 */
export interface IAccountRepository {
  create(account: Account): Promise<Account>;
  findById(id: string): Promise<Account | null>;
  /** The accounts of these ids that exist, in one read (in no particular order). */
  findByIds(ids: readonly string[]): Promise<Account[]>;
  /** `forUpdate` locks the rows until the surrounding transaction ends. */
  findByOwner(ownerId: number, options?: { forUpdate?: boolean }): Promise<Account[]>;
  /** Customer accounts, oldest first; only those of `ownerId` when given. */
  list(filter: { ownerId?: number }, query: PageQuery<AccountCursor>): Promise<Page<Account, AccountCursor>>;
  /**
   * Takes `money` from an active customer account whose available balance (posted less pending,
   * its expired holds released first) covers it; null when refused.
   * `evenIfInactive` also takes it from a frozen or closed one (money returned to its source).
   */
  debit(accountId: string, money: Money, now: Date, options?: { evenIfInactive?: boolean }): Promise<Money | null>;
  /**
   * Reserves `money` for a hold on an active customer account whose available balance covers it
   * (its expired holds released first); false when refused.
   */
  reserve(accountId: string, money: Money, now: Date): Promise<boolean>;
  /** Gives back what a resolved hold reserved. */
  release(accountId: string, money: Money, now: Date): Promise<void>;
  /** Locks the rows, in ascending id order, until the surrounding transaction ends. */
  lock(ids: readonly string[]): Promise<void>;
  /** Locks the account, then records its pending holds past their expiry as expired; answers how many. */
  expireHolds(accountId: string, now: Date): Promise<number>;
  /**
   * Puts `money` into a customer account that is not closed; null when refused. `evenIfClosed`
   * is for money that has already moved (a captured charge, a failed payout put back): it must land.
   */
  credit(accountId: string, money: Money, now: Date, options?: { evenIfClosed?: boolean }): Promise<Money | null>;
  /** Applies a signed amount to one of the settlement accounts of its currency, creating it on first use. */
  postToSettlement(settlementId: string, amount: Money, now: Date): Promise<Money>;
  /** Closes the account if it is not closed and holds nothing; null otherwise. */
  close(accountId: string, now: Date): Promise<Account | null>;
  /** Writes the status of an account (freeze, unfreeze). */
  updateStatus(account: Account): Promise<void>;
}

import type { NewEvent } from '../../shared/events.port';
import type { Account } from './account.entity';
import { accountResource } from './account.resource';
import { isSettlementAccountId } from './account.entity';
import type { Hold } from './hold.entity';
import { holdResource } from './hold.resource';
import type { LedgerTransaction } from './ledger-transaction.entity';
import { transactionResource } from './transaction.resource';

export type AccountEventType = 'account.opened' | 'account.frozen' | 'account.unfrozen' | 'account.closed';

/** `hold.expired` is written by the database, with the expiry itself (ledger_expire_holds). */
export type HoldEventType = 'hold.placed' | 'hold.captured' | 'hold.voided';

/**
 * A posted ledger transaction, ordered with the customer accounts it moved: the change holds
 * their rows' locks when it records the event, so per account the events follow commit order.
 * The settlement accounts are left out: they are the ledger's own, and ordering on them would say nothing.
 */
export function transactionPosted(transaction: LedgerTransaction): NewEvent {
  const accounts = transaction.entries.map((entry) => entry.accountId).filter((id) => !isSettlementAccountId(id, transaction.currency));
  return { type: 'transaction.posted', orderingKeys: [...new Set(accounts)], data: transactionResource(transaction) };
}

/** An account's status changed (or it was opened), recorded while its row is locked or new. */
export function accountEvent(type: AccountEventType, account: Account): NewEvent {
  return { type, orderingKeys: [account.id], data: accountResource(account) };
}

/**
 * A hold placed or resolved, ordered with its accounts (a withdrawal's has only its source): the
 * change holds the source's lock (and, for a capture, the destination's) when it records the event.
 */
export function holdEvent(type: HoldEventType, hold: Hold): NewEvent {
  const orderingKeys = hold.toAccountId === null ? [hold.fromAccountId] : [hold.fromAccountId, hold.toAccountId];
  return { type, orderingKeys, data: holdResource(hold) };
}

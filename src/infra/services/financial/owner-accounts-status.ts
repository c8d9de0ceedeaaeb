import type { Account, AccountStatus } from '../../../domain/modules/financial/account.entity';
import type { IAccountRepository } from '../../../domain/modules/financial/account.repository';
import { type AccountEventType, accountEvent } from '../../../domain/modules/financial/financial.events';
import type { IEventOutbox } from '../../../domain/shared/events.port';

/**
 * Applies a status change to each of an owner's accounts that is in `from`, and stores it. The
 * accounts are locked in id order, the order every money movement locks accounts in, so a user
 * change never deadlocks against a transfer. Each changed account records `event` while its row is locked.
 */
export async function changeOwnerAccounts(
  accounts: IAccountRepository,
  outbox: IEventOutbox,
  event: AccountEventType,
  ownerId: number,
  from: AccountStatus,
  apply: (account: Account) => void,
): Promise<void> {
  for (const account of await accounts.findByOwner(ownerId, { forUpdate: true })) {
    if (account.status !== from) continue;
    apply(account);
    await accounts.updateStatus(account);
    await outbox.record(accountEvent(event, account));
  }
}

import { inject, injectable } from 'inversify';
import type { IAccountRepository } from '../../../domain/modules/financial/account.repository';
import { FINANCIAL_TYPES } from '../../../domain/modules/financial/financial.types';
import type { IUserEventHandler } from '../../../domain/modules/user/user-event.handler';
import type { UserActivated } from '../../../domain/modules/user/user.events';
import type { IClock } from '../../../domain/shared/clock.port';
import type { IEventOutbox } from '../../../domain/shared/events.port';
import { SHARED_TYPES } from '../../../domain/shared/shared.types';
import { changeOwnerAccounts } from './owner-accounts-status';

/**
 * A user activated again gets their frozen accounts back. Only deactivation freezes an account
 * (FreezeAccountsWhenUserDeactivated), so every frozen account of the user was frozen by it.
 */
@injectable()
export class UnfreezeAccountsWhenUserActivated implements IUserEventHandler<'UserActivated'> {
  readonly handles = ['UserActivated'] as const;

  constructor(
    @inject(FINANCIAL_TYPES.IAccountRepository) private readonly accounts: IAccountRepository,
    @inject(SHARED_TYPES.IClock) private readonly clock: IClock,
    @inject(SHARED_TYPES.IEventOutbox) private readonly outbox: IEventOutbox,
  ) {}

  handle({ user }: UserActivated): Promise<void> {
    const now = this.clock.now();
    return changeOwnerAccounts(this.accounts, this.outbox, 'account.unfrozen', user.id as number, 'frozen', (account) => account.unfreeze(now));
  }
}

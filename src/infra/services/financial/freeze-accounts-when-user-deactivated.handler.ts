import { inject, injectable } from 'inversify';
import type { IAccountRepository } from '../../../domain/modules/financial/account.repository';
import { FINANCIAL_TYPES } from '../../../domain/modules/financial/financial.types';
import type { IUserEventHandler } from '../../../domain/modules/user/user-event.handler';
import type { UserDeactivated } from '../../../domain/modules/user/user.events';
import type { IClock } from '../../../domain/shared/clock.port';
import type { IEventOutbox } from '../../../domain/shared/events.port';
import { SHARED_TYPES } from '../../../domain/shared/shared.types';
import { changeOwnerAccounts } from './owner-accounts-status';

/**
 * A deactivated user's active accounts stop paying out (frozen: credits still arrive). Deactivation
 * is the only thing that freezes an account, which is what lets UnfreezeAccountsWhenUserActivated
 * restore exactly what this changed.
 */
@injectable()
export class FreezeAccountsWhenUserDeactivated implements IUserEventHandler<'UserDeactivated'> {
  readonly handles = ['UserDeactivated'] as const;

  constructor(
    @inject(FINANCIAL_TYPES.IAccountRepository) private readonly accounts: IAccountRepository,
    @inject(SHARED_TYPES.IClock) private readonly clock: IClock,
    @inject(SHARED_TYPES.IEventOutbox) private readonly outbox: IEventOutbox,
  ) {}

  handle({ user }: UserDeactivated): Promise<void> {
    const now = this.clock.now();
    return changeOwnerAccounts(this.accounts, this.outbox, 'account.frozen', user.id as number, 'active', (account) => account.freeze(now));
  }
}

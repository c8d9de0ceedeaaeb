import { inject, injectable } from 'inversify';
import type { Account } from '../../../domain/modules/financial/account.entity';
import type { IAccountRepository } from '../../../domain/modules/financial/account.repository';
import { FINANCIAL_TYPES } from '../../../domain/modules/financial/financial.types';
import type { IUserLifecycleListener } from '../../../domain/modules/user/user-lifecycle.listener';
import type { User } from '../../../domain/modules/user/user.entity';
import type { IClock } from '../../../domain/shared/clock.port';
import { SHARED_TYPES } from '../../../domain/shared/shared.types';

/**
 * A deactivated user's accounts stop paying out (frozen: credits still arrive); activating the
 * user again unfreezes them. Deactivation is the only thing that freezes an account, so
 * unfreezing on activation restores exactly what deactivation changed. Runs inside the user
 * change's transaction.
 */
@injectable()
export class AccountFreezeListener implements IUserLifecycleListener {
  constructor(
    @inject(FINANCIAL_TYPES.IAccountRepository) private readonly accounts: IAccountRepository,
    @inject(SHARED_TYPES.IClock) private readonly clock: IClock,
  ) {}

  userDeactivated(user: User): Promise<void> {
    return this.change(user, 'active', (account, now) => account.freeze(now));
  }

  userActivated(user: User): Promise<void> {
    return this.change(user, 'frozen', (account, now) => account.unfreeze(now));
  }

  async passwordChanged(): Promise<void> {}

  private async change(user: User, from: 'active' | 'frozen', apply: (account: Account, now: Date) => void): Promise<void> {
    const now = this.clock.now();
    // Locked in id order, the order every money movement locks accounts in.
    for (const account of await this.accounts.findByOwner(user.id as number, { forUpdate: true })) {
      if (account.status !== from) continue;
      apply(account, now);
      await this.accounts.updateStatus(account);
    }
  }
}

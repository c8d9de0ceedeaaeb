import { inject, injectable } from 'inversify';
import { AUTH_TYPES } from '../../../domain/modules/auth/auth.types';
import type { IRefreshTokenRepository } from '../../../domain/modules/auth/refresh-token.repository';
import type { IUserLifecycleListener } from '../../../domain/modules/user/user-lifecycle.listener';
import type { User } from '../../../domain/modules/user/user.entity';
import type { IClock } from '../../../domain/shared/clock.port';
import { SHARED_TYPES } from '../../../domain/shared/shared.types';

/**
 * Ends every session of a user who is deactivated or changes password, in the same transaction as
 * the change: there is no moment where the change is saved and old refresh tokens still work.
 */
@injectable()
export class RefreshTokenRevocationListener implements IUserLifecycleListener {
  constructor(
    @inject(AUTH_TYPES.IRefreshTokenRepository) private readonly tokens: IRefreshTokenRepository,
    @inject(SHARED_TYPES.IClock) private readonly clock: IClock,
  ) {}

  async userDeactivated(user: User): Promise<void> {
    await this.tokens.revokeAllOfUser(user.id as number, 'user_deactivated', this.clock.now());
  }

  async passwordChanged(user: User): Promise<void> {
    await this.tokens.revokeAllOfUser(user.id as number, 'password_changed', this.clock.now());
  }

  async userActivated(): Promise<void> {
    // Reactivation does not bring old sessions back: the user logs in again.
  }
}

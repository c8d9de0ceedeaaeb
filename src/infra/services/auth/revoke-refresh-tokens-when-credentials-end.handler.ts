import { inject, injectable } from 'inversify';
import { AUTH_TYPES } from '../../../domain/modules/auth/auth.types';
import type { IRefreshTokenRepository, RevocationReason } from '../../../domain/modules/auth/refresh-token.repository';
import type { IUserEventHandler } from '../../../domain/modules/user/user-event.handler';
import type { UserEventOf } from '../../../domain/modules/user/user.events';
import type { IClock } from '../../../domain/shared/clock.port';
import { SHARED_TYPES } from '../../../domain/shared/shared.types';

type CredentialsEnded = 'UserDeactivated' | 'PasswordChanged';

const REASONS: Record<CredentialsEnded, RevocationReason> = {
  UserDeactivated: 'user_deactivated',
  PasswordChanged: 'password_changed',
};

/**
 * Revokes every refresh token of a user who is deactivated or changes password, in the transaction
 * of the change: there is no moment where the change is saved and an old refresh token still works.
 * Activating the user again brings none back: the user logs in again.
 */
@injectable()
export class RevokeRefreshTokensWhenCredentialsEnd implements IUserEventHandler<CredentialsEnded> {
  readonly handles = ['UserDeactivated', 'PasswordChanged'] as const;

  constructor(
    @inject(AUTH_TYPES.IRefreshTokenRepository) private readonly tokens: IRefreshTokenRepository,
    @inject(SHARED_TYPES.IClock) private readonly clock: IClock,
  ) {}

  async handle(event: UserEventOf<CredentialsEnded>): Promise<void> {
    await this.tokens.revokeAllOfUser(event.user.id as number, REASONS[event.type], this.clock.now());
  }
}

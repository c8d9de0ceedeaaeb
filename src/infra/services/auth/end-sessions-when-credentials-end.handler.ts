import { inject, injectable } from 'inversify';
import { AUTH_TYPES } from '../../../domain/modules/auth/auth.types';
import type { ISessionService } from '../../../domain/modules/auth/session.service';
import type { IUserEventHandler } from '../../../domain/modules/user/user-event.handler';
import type { UserEventOf } from '../../../domain/modules/user/user.events';
import { principalOfUser } from './user-principal';

type CredentialsEnded = 'UserDeactivated' | 'PasswordChanged';

/**
 * Ends every access token of a user who is deactivated or changes password, in the transaction of
 * the change (RevokeRefreshTokensWhenCredentialsEnd revokes the refresh tokens alongside).
 */
@injectable()
export class EndSessionsWhenCredentialsEnd implements IUserEventHandler<CredentialsEnded> {
  readonly handles = ['UserDeactivated', 'PasswordChanged'] as const;

  constructor(@inject(AUTH_TYPES.ISessionService) private readonly sessions: ISessionService) {}

  handle({ user }: UserEventOf<CredentialsEnded>): Promise<void> {
    return this.sessions.endAll(principalOfUser(user));
  }
}

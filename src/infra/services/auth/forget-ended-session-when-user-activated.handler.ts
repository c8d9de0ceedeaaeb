import { inject, injectable } from 'inversify';
import { AUTH_TYPES } from '../../../domain/modules/auth/auth.types';
import type { ISessionGuard } from '../../../domain/modules/auth/session-guard.port';
import type { IUserEventHandler } from '../../../domain/modules/user/user-event.handler';
import type { UserActivated } from '../../../domain/modules/user/user.events';
import { principalOfUser } from './user-principal';

/**
 * The session guard remembers a deactivated user's sessions as closed (in this process and in the
 * shared cache, for a few seconds); activating the user drops that memory so that a new login works
 * at once. Tokens issued before the deactivation stay ended: their
 * session version was bumped by EndSessionsWhenCredentialsEnd.
 */
@injectable()
export class ForgetEndedSessionWhenUserActivated implements IUserEventHandler<'UserActivated'> {
  readonly handles = ['UserActivated'] as const;

  constructor(@inject(AUTH_TYPES.ISessionGuard) private readonly guard: ISessionGuard) {}

  handle({ user }: UserActivated): Promise<void> {
    return this.guard.forget(principalOfUser(user));
  }
}

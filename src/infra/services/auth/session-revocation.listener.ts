import { inject, injectable } from 'inversify';
import { AUTH_TYPES } from '../../../domain/modules/auth/auth.types';
import type { Principal } from '../../../domain/modules/auth/principal';
import type { ISessionGuard } from '../../../domain/modules/auth/session-guard.port';
import type { ISessionService } from '../../../domain/modules/auth/session.service';
import type { IUserLifecycleListener } from '../../../domain/modules/user/user-lifecycle.listener';
import type { User } from '../../../domain/modules/user/user.entity';

const principalOf = (user: User): Principal => ({ kind: 'user', userId: user.id as number, role: user.role });

/**
 * Ends every access token of a user who is deactivated or changes password, in the transaction of
 * the change (refresh tokens are revoked alongside by RefreshTokenRevocationListener).
 */
@injectable()
export class SessionRevocationListener implements IUserLifecycleListener {
  constructor(
    @inject(AUTH_TYPES.ISessionService) private readonly sessions: ISessionService,
    @inject(AUTH_TYPES.ISessionGuard) private readonly guard: ISessionGuard,
  ) {}

  userDeactivated(user: User): Promise<void> {
    return this.sessions.endAll(principalOf(user));
  }

  passwordChanged(user: User): Promise<void> {
    return this.sessions.endAll(principalOf(user));
  }

  /** Tokens issued before the deactivation stay ended; only what was remembered as "inactive" is dropped. */
  userActivated(user: User): Promise<void> {
    return this.guard.forget(principalOf(user));
  }
}

import { inject, injectable } from 'inversify';
import { UnauthenticatedError } from '../../../domain/modules/auth/auth.errors';
import { AUTH_TYPES } from '../../../domain/modules/auth/auth.types';
import { type Principal, principalKey } from '../../../domain/modules/auth/principal';
import type { IRefreshTokenRepository } from '../../../domain/modules/auth/refresh-token.repository';
import type { ISessionGuard } from '../../../domain/modules/auth/session-guard.port';
import type { ISessionVersionRepository } from '../../../domain/modules/auth/session-version.repository';
import type { ISessionService } from '../../../domain/modules/auth/session.service';
import type { IAuditLog } from '../../../domain/shared/audit-log.port';
import type { IClock } from '../../../domain/shared/clock.port';
import { SHARED_TYPES } from '../../../domain/shared/shared.types';
import type { IUnitOfWork } from '../../../domain/shared/unit-of-work.port';

@injectable()
export class SessionService implements ISessionService {
  constructor(
    @inject(AUTH_TYPES.ISessionVersionRepository) private readonly versions: ISessionVersionRepository,
    @inject(AUTH_TYPES.ISessionGuard) private readonly guard: ISessionGuard,
    @inject(AUTH_TYPES.IRefreshTokenRepository) private readonly refreshTokens: IRefreshTokenRepository,
    @inject(SHARED_TYPES.IUnitOfWork) private readonly uow: IUnitOfWork,
    @inject(SHARED_TYPES.IClock) private readonly clock: IClock,
    @inject(SHARED_TYPES.IAuditLog) private readonly audit: IAuditLog,
  ) {}

  async versionForNewToken(principal: Principal): Promise<number> {
    const version = await this.versions.current(principal);
    if (version === null) throw new UnauthenticatedError();
    return version;
  }

  async endAll(principal: Principal): Promise<void> {
    await this.versions.bump(principal, this.clock.now());
    // Before the commit, so a read racing it can keep the old version only for the caches' few seconds.
    await this.guard.forget(principal);
  }

  async logoutEverywhere(principal: Principal): Promise<void> {
    await this.uow.transaction(async () => {
      if (principal.kind === 'user') await this.refreshTokens.revokeAllOfUser(principal.userId, 'logout_everywhere', this.clock.now());
      await this.endAll(principal);
    });
    await this.guard.forget(principal);
    this.audit.record({ type: 'auth.sessions.revoked', target: principalKey(principal) });
  }
}

import { inject, injectable } from 'inversify';
import type { Logger } from 'pino';
import type { IAccessTokenIssuer } from '../../../domain/modules/auth/access-token.port';
import { InvalidCredentialsError, InvalidRefreshTokenError, SsoLoginRefusedError } from '../../../domain/modules/auth/auth.errors';
import type { IAuthService, TokenPair } from '../../../domain/modules/auth/auth.service';
import { AUTH_TYPES } from '../../../domain/modules/auth/auth.types';
import type { ISessionService } from '../../../domain/modules/auth/session.service';
import { type RefreshLifetimes, refreshTokenExpiry } from '../../../domain/modules/auth/refresh-token.entity';
import type { IRefreshTokenRepository } from '../../../domain/modules/auth/refresh-token.repository';
import type { ISsoLinkService } from '../../../domain/modules/auth/sso-link.service';
import type { ISsoAdapter } from '../../../domain/modules/auth/sso.port';
import { Cpf } from '../../../domain/modules/user/cpf.value-object';
import type { User } from '../../../domain/modules/user/user.entity';
import type { IUserRepository } from '../../../domain/modules/user/user.repository';
import { USER_TYPES } from '../../../domain/modules/user/user.types';
import type { IAuditLog } from '../../../domain/shared/audit-log.port';
import type { IClock } from '../../../domain/shared/clock.port';
import { SHARED_TYPES } from '../../../domain/shared/shared.types';
import type { IUnitOfWork } from '../../../domain/shared/unit-of-work.port';
import { INFRA_TYPES } from '../../infra.types';
import { digestToken, newOpaqueToken } from '../../security/opaque-token';
import type { PasswordCredentialVerifier } from '../../security/password-credential.verifier';
import type { RefreshTokenSuccessor } from '../../security/refresh-token-successor';

/** Password and SSO login, refresh-token rotation with reuse detection, logout. */
@injectable()
export class AuthService implements IAuthService {
  constructor(
    @inject(USER_TYPES.IUserRepository) private readonly users: IUserRepository,
    @inject(AUTH_TYPES.IRefreshTokenRepository) private readonly tokens: IRefreshTokenRepository,
    @inject(AUTH_TYPES.IAccessTokenIssuer) private readonly issuer: IAccessTokenIssuer,
    @inject(AUTH_TYPES.ISsoAdapter) private readonly sso: ISsoAdapter,
    @inject(AUTH_TYPES.ISsoLinkService) private readonly ssoLinks: ISsoLinkService,
    @inject(INFRA_TYPES.PasswordCredentialVerifier) private readonly passwords: PasswordCredentialVerifier,
    @inject(SHARED_TYPES.IUnitOfWork) private readonly uow: IUnitOfWork,
    @inject(SHARED_TYPES.IClock) private readonly clock: IClock,
    @inject(INFRA_TYPES.RefreshLifetimes) private readonly lifetimes: RefreshLifetimes,
    @inject(INFRA_TYPES.RefreshTokenSuccessor) private readonly successors: RefreshTokenSuccessor,
    @inject(INFRA_TYPES.Logger) private readonly logger: Logger,
    @inject(AUTH_TYPES.ISessionService) private readonly sessions: ISessionService,
    @inject(SHARED_TYPES.IAuditLog) private readonly audit: IAuditLog,
  ) {}

  async login(cpfText: string, password: string): Promise<TokenPair> {
    const user = Cpf.isValid(cpfText) ? await this.users.findByCpf(Cpf.parse(cpfText)) : null;
    // Always exactly one password verification, whatever is wrong, so every failure takes as long.
    const passwordMatches = await this.passwords.verify(user?.passwordHash ?? null, password);
    if (!user || !passwordMatches || !user.isActive) {
      this.recordFailedLogin(user, passwordMatches);
      throw new InvalidCredentialsError();
    }
    this.audit.record({ type: 'auth.login.succeeded', target: `user:${user.id}` });
    return this.startSession(user);
  }

  async loginWithSso(idToken: string): Promise<TokenPair> {
    // The provider is called before any transaction opens: no connection is held across the fetch.
    const identity = await this.sso.verify(idToken).catch((error: unknown) => {
      if (error instanceof SsoLoginRefusedError) this.audit.record({ type: 'auth.sso.refused', detail: { reason: 'invalid_token' } });
      throw error;
    });
    // Only through a link (issuer, subject): see SsoLinkPolicy for when one is made on the way.
    const user = await this.ssoLinks.userFor(identity);
    this.audit.record({ type: 'auth.sso.succeeded', target: `user:${user.id}`, detail: { issuer: identity.issuer } });
    return this.startSession(user);
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const now = this.clock.now();
    // Derived, not drawn: a repeat of this token within the grace window gets the same successor.
    const successor = this.successors.of(refreshToken);
    const user = await this.uow.transaction(async () => {
      const presented = await this.tokens.findByHashLockingFamily(digestToken(refreshToken));
      if (!presented) return null;
      let verdict = presented.assess(now);
      // A repeat is served only while its successor is the family's live token; otherwise the
      // session has moved on without this copy, which is a reuse like any other.
      if (verdict === 'repeat' && !(await this.isLiveSuccessor(successor, presented.familyId, now))) verdict = 'reuse';
      if (verdict === 'reuse') {
        // A spent token came back: either the client or a thief holds a copy. Neither may go on.
        this.logger.warn({ userId: presented.userId, familyId: presented.familyId }, 'refresh token reuse detected: family revoked');
        this.audit.record({ type: 'auth.refresh.reused', target: `user:${presented.userId}`, detail: { familyId: presented.familyId } });
        await this.tokens.revokeFamily(presented.familyId, 'reuse', now);
        return null;
      }
      if (verdict !== 'rotate' && verdict !== 'repeat') return null;
      const owner = await this.users.findById(presented.userId);
      if (!owner || !owner.isActive) {
        await this.tokens.revokeFamily(presented.familyId, 'user_inactive', now);
        return null;
      }
      if (verdict === 'rotate') {
        await this.tokens.markUsed(presented.id, now);
        const expiresAt = refreshTokenExpiry(this.lifetimes, presented.familyCreatedAt, now);
        await this.tokens.add({ familyId: presented.familyId, tokenHash: digestToken(successor), expiresAt, now });
      }
      return owner;
    });
    // Thrown after the transaction: the revocations above must commit, not roll back with the error.
    if (!user) throw new InvalidRefreshTokenError();
    return this.pairFor(user, successor);
  }

  async logout(refreshToken: string): Promise<void> {
    const now = this.clock.now();
    await this.uow.transaction(async () => {
      const presented = await this.tokens.findByHashLockingFamily(digestToken(refreshToken));
      if (presented && presented.assess(now) !== 'revoked') await this.tokens.revokeFamily(presented.familyId, 'logout', now);
    });
  }

  /** The successor is stored in the family (the family row is already locked), unused and unexpired. */
  private async isLiveSuccessor(successor: string, familyId: string, now: Date): Promise<boolean> {
    const stored = await this.tokens.findByHashLockingFamily(digestToken(successor));
    return stored !== null && stored.familyId === familyId && stored.assess(now) === 'rotate';
  }

  private async startSession(user: User): Promise<TokenPair> {
    const now = this.clock.now();
    const refreshToken = newOpaqueToken();
    await this.uow.transaction(async () => {
      const familyId = await this.tokens.createFamily(user.id as number, now);
      await this.tokens.add({ familyId, tokenHash: digestToken(refreshToken), expiresAt: refreshTokenExpiry(this.lifetimes, now, now), now });
    });
    return this.pairFor(user, refreshToken);
  }

  /** The caller learns nothing of which check failed; the audit trail does (never the CPF or password). */
  private recordFailedLogin(user: User | null, passwordMatches: boolean): void {
    let reason = 'inactive';
    if (!user) reason = 'unknown_user';
    else if (user.passwordHash === null) reason = 'no_password';
    else if (!passwordMatches) reason = 'bad_password';
    this.audit.record({ type: 'auth.login.failed', ...(user ? { target: `user:${user.id}` } : {}), detail: { reason } });
  }

  private async pairFor(user: User, refreshToken: string): Promise<TokenPair> {
    const principal = { kind: 'user', userId: user.id as number, role: user.role } as const;
    // Read after the user was found active: a deactivation committed since makes this fail or the token stale.
    const sessionVersion = await this.sessions.versionForNewToken(principal).catch(() => {
      throw new InvalidCredentialsError();
    });
    const access = this.issuer.issue(principal, sessionVersion);
    return { accessToken: access.token, refreshToken, expiresInSeconds: access.expiresInSeconds };
  }
}

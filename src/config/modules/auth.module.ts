import { ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import { AUTH_TYPES } from '../../domain/modules/auth/auth.types';
import type { RefreshLifetimes } from '../../domain/modules/auth/refresh-token.entity';
import type { ISsoAdapter } from '../../domain/modules/auth/sso.port';
import { USER_TYPES } from '../../domain/modules/user/user.types';
import { OidcSsoAdapter } from '../../infra/adapters/auth/oidc-sso.adapter';
import { RemoteJwksKeySet } from '../../infra/adapters/auth/remote-jwks.key-set';
import { UnconfiguredSsoAdapter } from '../../infra/adapters/auth/unconfigured-sso.adapter';
import { KnexRefreshTokenRepository } from '../../infra/database/knex/modules/auth/knex-refresh-token.repository';
import { KnexServiceClientRepository } from '../../infra/database/knex/modules/auth/knex-service-client.repository';
import { KnexSessionVersionRepository } from '../../infra/database/knex/modules/auth/knex-session-version.repository';
import { KnexDbContext } from '../../infra/database/knex/knex-db-context';
import { KnexSsoIdentityRepository } from '../../infra/database/knex/modules/auth/knex-sso-identity.repository';
import { INFRA_TYPES } from '../../infra/infra.types';
import { Argon2PasswordHasher } from '../../infra/security/argon2-password.hasher';
import { CachingAccessTokenVerifier } from '../../infra/security/jwt/caching-access-token.verifier';
import { JwtAccessTokenService } from '../../infra/security/jwt/jwt-access-token.service';
import type { KeyMaterial } from '../../infra/security/jwt/key-material';
import { PasswordCredentialVerifier } from '../../infra/security/password-credential.verifier';
import { RefreshTokenSuccessor } from '../../infra/security/refresh-token-successor';
import { AuthService } from '../../infra/services/auth/auth.service';
import { ClientCredentialsService } from '../../infra/services/auth/client-credentials.service';
import { CachedSessionGuard } from '../../infra/services/auth/cached-session.guard';
import { EndSessionsWhenCredentialsEnd } from '../../infra/services/auth/end-sessions-when-credentials-end.handler';
import { ForgetEndedSessionWhenUserActivated } from '../../infra/services/auth/forget-ended-session-when-user-activated.handler';
import { RevokeRefreshTokensWhenCredentialsEnd } from '../../infra/services/auth/revoke-refresh-tokens-when-credentials-end.handler';
import { ServiceClientAdministration } from '../../infra/services/auth/service-client.administration';
import { SessionService } from '../../infra/services/auth/session.service';
import type { ICache } from '../../domain/shared/cache.port';
import { SHARED_TYPES } from '../../domain/shared/shared.types';
import type { Knex } from 'knex';
import { SsoLinkService } from '../../infra/services/auth/sso-link.service';
import type { Settings } from '../settings';

// The SSO provider's JWKS: a fetch never waits longer than this, keys are re-read every 10 minutes,
// and an unknown kid sends us back to the provider at most every 30 seconds.
const SSO_JWKS_TIMEOUT_MS = 3_000;
const SSO_JWKS_MAX_AGE_MS = 10 * 60_000;
const SSO_UNKNOWN_KID_COOLDOWN_MS = 30_000;

function ssoAdapter(settings: Settings, logger: Logger): ISsoAdapter {
  if (!settings.ssoIssuer || !settings.ssoJwksUrl || !settings.ssoAudience) return new UnconfiguredSsoAdapter();
  const keys = new RemoteJwksKeySet(
    { url: settings.ssoJwksUrl, timeoutMs: SSO_JWKS_TIMEOUT_MS, maxAgeMs: SSO_JWKS_MAX_AGE_MS, unknownKidCooldownMs: SSO_UNKNOWN_KID_COOLDOWN_MS },
    logger,
  );
  return new OidcSsoAdapter({ issuer: settings.ssoIssuer, audience: settings.ssoAudience }, keys, logger);
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function refreshLifetimes(settings: Settings): RefreshLifetimes {
  return { slidingMs: settings.refreshTokenExpireDays * DAY_MS, absoluteMs: settings.refreshTokenAbsoluteDays * DAY_MS };
}

export function authModule(settings: Settings, keys: KeyMaterial, logger: Logger): ContainerModule {
  const tokens = new JwtAccessTokenService(keys, {
    issuer: settings.jwtIssuer,
    audience: settings.jwtAudience,
    ttlSeconds: settings.accessTokenExpireMinutes * 60,
  });
  // Verified tokens are remembered (bounded, never past exp); the session check still runs on every request.
  const verifier = new CachingAccessTokenVerifier(tokens);
  const sso = ssoAdapter(settings, logger);
  // Built now, not on the first login: it hashes its dummy password at once (see the class).
  const passwords = new PasswordCredentialVerifier(new Argon2PasswordHasher());
  return new ContainerModule((bind) => {
    bind(AUTH_TYPES.IAccessTokenIssuer).toConstantValue(tokens);
    bind(AUTH_TYPES.IAccessTokenVerifier).toConstantValue(verifier);
    bind(AUTH_TYPES.ISsoAdapter).toConstantValue(sso);
    bind(AUTH_TYPES.SelfSignup).toConstantValue(settings.selfSignup);
    bind(INFRA_TYPES.PasswordCredentialVerifier).toConstantValue(passwords);
    bind(INFRA_TYPES.RefreshLifetimes).toConstantValue(refreshLifetimes(settings));
    bind(INFRA_TYPES.RefreshTokenSuccessor).toConstantValue(RefreshTokenSuccessor.fromSigningKey(keys.signing.privateKey));
    bind(AUTH_TYPES.IRefreshTokenRepository).to(KnexRefreshTokenRepository).inSingletonScope();
    bind(AUTH_TYPES.IServiceClientRepository).to(KnexServiceClientRepository).inSingletonScope();
    bind(AUTH_TYPES.ISsoIdentityRepository).to(KnexSsoIdentityRepository).inSingletonScope();
    bind(AUTH_TYPES.ISsoLinkService).to(SsoLinkService).inSingletonScope();
    bind(AUTH_TYPES.IAuthService).to(AuthService).inSingletonScope();
    bind(AUTH_TYPES.IClientCredentialsService).to(ClientCredentialsService).inSingletonScope();
    // On its own context, so always on the pool, never inside a request's transaction: it checks every request's token.
    bind(AUTH_TYPES.ISessionGuard)
      .toDynamicValue(({ container }) => {
        const versions = new KnexSessionVersionRepository(new KnexDbContext(container.get<Knex>(INFRA_TYPES.Knex)));
        return new CachedSessionGuard(versions, container.get<ICache>(SHARED_TYPES.ICache), (principal) => verifier.forget(principal));
      })
      .inSingletonScope();
    bind(AUTH_TYPES.ISessionVersionRepository).to(KnexSessionVersionRepository).inSingletonScope();
    bind(AUTH_TYPES.ISessionService).to(SessionService).inSingletonScope();
    // Operator actions (the CLI): one unit of work with the repositories it changes.
    bind(ServiceClientAdministration).toSelf().inSingletonScope();
    // They write through the transaction of the user change that publishes the event (the open one, see KnexDbContext).
    bind(USER_TYPES.IUserEventHandler).to(RevokeRefreshTokensWhenCredentialsEnd).inSingletonScope();
    bind(USER_TYPES.IUserEventHandler).to(EndSessionsWhenCredentialsEnd).inSingletonScope();
    bind(USER_TYPES.IUserEventHandler).to(ForgetEndedSessionWhenUserActivated).inSingletonScope();
  });
}

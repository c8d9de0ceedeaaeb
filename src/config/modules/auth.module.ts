import { ContainerModule } from 'inversify';
import { AUTH_TYPES } from '../../domain/modules/auth/auth.types';
import { JwtAccessTokenService } from '../../infra/security/jwt/jwt-access-token.service';
import type { KeyMaterial } from '../../infra/security/jwt/key-material';
import type { Settings } from '../settings';

export function authModule(settings: Settings, keys: KeyMaterial): ContainerModule {
  const tokens = new JwtAccessTokenService(keys, {
    issuer: settings.jwtIssuer,
    audience: settings.jwtAudience,
    ttlSeconds: settings.accessTokenExpireMinutes * 60,
  });
  return new ContainerModule((bind) => {
    bind(AUTH_TYPES.IAccessTokenIssuer).toConstantValue(tokens);
    bind(AUTH_TYPES.IAccessTokenVerifier).toConstantValue(tokens);
  });
}

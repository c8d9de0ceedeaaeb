import { SsoNotConfiguredError } from '../../../domain/modules/auth/auth.errors';
import type { ISsoAdapter, SsoIdentity } from '../../../domain/modules/auth/sso.port';

/** Stands in while SSO_ISSUER / SSO_JWKS_URL / SSO_AUDIENCE are unset: SSO login is off. */
export class UnconfiguredSsoAdapter implements ISsoAdapter {
  async verify(): Promise<SsoIdentity> {
    throw new SsoNotConfiguredError();
  }
}

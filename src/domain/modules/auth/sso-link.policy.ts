import { Cpf } from '../user/cpf.value-object';
import type { User } from '../user/user.entity';
import { ForbiddenError } from './auth.errors';
import type { Principal } from './principal';
import type { SsoIdentity } from './sso.port';

/** Why an SSO login was refused; written to the audit log, never told to the caller. */
export type SsoRefusal = 'invalid_token' | 'no_match' | 'inactive' | 'not_vouched' | 'issuer_already_linked';

/**
 * When an SSO identity may be tied to a local user. The claims (cpf, verified e-mail) say who the
 * provider thinks the person is; they prove a local account is that person's only if an admin or a
 * service vouched for the account's CPF and e-mail. Anyone can self-register any CPF or e-mail.
 */
export const SsoLinkPolicy = {
  /** Null when `candidate`, the user the identity's claims point at, may be linked on this login. */
  automaticLinkRefusal(candidate: User | null, alreadyLinkedToIssuer: boolean): SsoRefusal | null {
    if (candidate === null) return 'no_match';
    if (!candidate.isActive) return 'inactive';
    if (!candidate.identityVerified) return 'not_vouched';
    // One identity per provider is linked on the claims' word; a second one needs the user's own call.
    if (alreadyLinkedToIssuer) return 'issuer_already_linked';
    return null;
  },

  /** Only a person links their own identity: the caller must be a user, not a service. */
  linkingUser(principal: Principal): number {
    if (principal.kind !== 'user') throw new ForbiddenError('Only a logged-in user links an SSO identity to their account');
    return principal.userId;
  },

  /** True when the provider asserts a CPF that is not the user's: the ID token is another person's. */
  contradicts(identity: SsoIdentity, user: User): boolean {
    if (identity.cpf === null) return false;
    return !Cpf.isValid(identity.cpf) || Cpf.parse(identity.cpf).value !== user.cpf.value;
  },
};

/** Who the identity provider says the caller is, after the ID token has been fully verified. */
export interface SsoIdentity {
  issuer: string;
  subject: string;
  /** Lower-cased; null when the token carries none. */
  email: string | null;
  /** Only a verified email may identify a user. */
  emailVerified: boolean;
  /** The `cpf` claim as sent (digits or formatted); null when absent. */
  cpf: string | null;
}

export interface ISsoAdapter {
  /**
   * Verifies an OpenID Connect ID token (signature, algorithm, iss, aud, exp).
   * Throws SsoLoginRefusedError for a bad token, SsoUnavailableError when the provider's keys
   * cannot be fetched, SsoNotConfiguredError when SSO is off.
   */
  verify(idToken: string): Promise<SsoIdentity>;
}

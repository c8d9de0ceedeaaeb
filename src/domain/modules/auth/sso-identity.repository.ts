/** A provider's identity (issuer, subject) tied to a local user: the only ground for an SSO login. */
export interface SsoLink {
  issuer: string;
  subject: string;
  userId: number;
  createdAt: Date;
}

export interface ISsoIdentityRepository {
  find(issuer: string, subject: string): Promise<SsoLink | null>;
  /** Whether the user already has an identity of this provider linked. */
  hasLinkWithIssuer(userId: number, issuer: string): Promise<boolean>;
  /**
   * Stores the link unless (issuer, subject) is linked already, concurrent callers included, and
   * answers the link that holds afterwards: the new one (`created`) or the one found.
   */
  link(link: SsoLink): Promise<{ link: SsoLink; created: boolean }>;
}

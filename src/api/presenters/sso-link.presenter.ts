import type { SsoLink } from '../../domain/modules/auth/sso-identity.repository';

export interface SsoLinkResponse {
  issuer: string;
  subject: string;
  createdAt: string;
}

/** The local user is the caller; the link is described by the provider's side alone. */
export function presentSsoLink(link: SsoLink): SsoLinkResponse {
  return { issuer: link.issuer, subject: link.subject, createdAt: link.createdAt.toISOString() };
}

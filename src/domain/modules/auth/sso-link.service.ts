import type { User } from '../user/user.entity';
import type { SsoLink } from './sso-identity.repository';
import type { SsoIdentity } from './sso.port';

export interface SsoLinkResult {
  link: SsoLink;
  /** False when the caller had linked this identity already (a repeat). */
  created: boolean;
}

export interface ISsoLinkService {
  /**
   * The active user a verified identity logs in as: through its link, or through a link made now
   * for a user an admin or a service vouched for. Throws SsoLoginRefusedError otherwise.
   */
  userFor(identity: SsoIdentity): Promise<User>;
  /**
   * Links the identity of the ID token to the calling user, who proves both sides: the local
   * session and the ID token. SsoIdentityInUseError when it is someone else's.
   */
  link(userId: number, idToken: string): Promise<SsoLinkResult>;
}

import type { Principal } from './principal';

/** Ending sessions: every access token issued so far stops working within seconds, on every instance. */
export interface ISessionService {
  /** The version a new access token carries; throws when the principal may hold none (inactive). */
  versionForNewToken(principal: Principal): Promise<number>;
  /** Part of the caller's transaction (a deactivation, a password change, a client disabled). */
  endAll(principal: Principal): Promise<void>;
  /** "Log out everywhere": every refresh token and access token of the user, in one transaction. */
  logoutEverywhere(principal: Principal): Promise<void>;
}

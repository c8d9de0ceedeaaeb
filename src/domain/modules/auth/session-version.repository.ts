import type { Principal } from './principal';

/**
 * The session version of each principal: every access token carries the one current when it was
 * issued, and only that one is honoured. Ending a principal's sessions is bumping its version.
 */
export interface ISessionVersionRepository {
  /**
   * The version a token must carry, or null when the principal may hold no token at all (an
   * inactive or unknown user, a disabled or unknown client). Read in one statement with that
   * status, so a deactivation is seen either whole or not at all.
   */
  current(principal: Principal): Promise<number | null>;
  /** Ends every access token issued so far; part of the caller's transaction. */
  bump(principal: Principal, now: Date): Promise<void>;
}

import type { Principal } from './principal';

/** Decides on every request whether an access token's session is still open (SPEC: revocable sessions). */
export interface ISessionGuard {
  isCurrent(principal: Principal, version: number): Promise<boolean>;
  /** Drops what this process remembers of a principal whose sessions were just ended. */
  forget(principal: Principal): Promise<void>;
}

import type { Principal } from './principal';

export interface IssuedAccessToken {
  token: string;
  expiresInSeconds: number;
}

/** A token whose signature and claims check out; its session may still have been ended since. */
export interface VerifiedAccessToken {
  principal: Principal;
  /** The principal's session version when the token was issued (claim `sv`). */
  sessionVersion: number;
}

export interface IAccessTokenIssuer {
  issue(principal: Principal, sessionVersion: number): IssuedAccessToken;
}

export interface IAccessTokenVerifier {
  /** Throws UnauthenticatedError on any defect of the token itself. */
  verify(token: string): VerifiedAccessToken;
}

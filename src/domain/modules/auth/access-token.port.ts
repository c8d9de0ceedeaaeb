import type { Principal } from './principal';

export interface IssuedAccessToken {
  token: string;
  expiresInSeconds: number;
}

export interface IAccessTokenIssuer {
  issue(principal: Principal): IssuedAccessToken;
}

export interface IAccessTokenVerifier {
  /** The principal the token speaks for; throws UnauthenticatedError on any defect. */
  verify(token: string): Principal;
}

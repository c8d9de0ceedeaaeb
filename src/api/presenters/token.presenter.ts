import type { TokenPair } from '../../domain/modules/auth/auth.service';
import type { ClientAccessToken } from '../../domain/modules/auth/client-credentials.service';

export interface TokenPairResponse {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** RFC 6749 section 5.1 names. */
export interface OAuthTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

export function presentTokenPair(pair: TokenPair): TokenPairResponse {
  return { accessToken: pair.accessToken, refreshToken: pair.refreshToken, tokenType: 'Bearer', expiresIn: pair.expiresInSeconds };
}

export function presentClientToken(token: ClientAccessToken): OAuthTokenResponse {
  return { access_token: token.accessToken, token_type: 'Bearer', expires_in: token.expiresInSeconds, scope: token.scopes.join(' ') };
}

/** Token responses must never be stored by a cache (RFC 6749 section 5.1). */
export const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

/** What a successful login or refresh hands to the client. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Lifetime of the access token, in seconds. */
  expiresInSeconds: number;
}

export interface IAuthService {
  /** Throws InvalidCredentialsError for any wrong or unusable credential, always after the same work. */
  login(cpf: string, password: string): Promise<TokenPair>;
  /**
   * Logs in the user the identity is linked to (ISsoLinkService.userFor); throws SsoLoginRefusedError
   * when the token is bad or the identity may not log anyone in. Never creates a user.
   */
  loginWithSso(idToken: string): Promise<TokenPair>;
  /**
   * Single use: the presented token is spent; presenting it again revokes its whole family, except
   * within REUSE_GRACE_MS while its successor is unused, when that same successor is answered again.
   */
  refresh(refreshToken: string): Promise<TokenPair>;
  /** Revokes the token's family; unknown or already revoked tokens are accepted silently. */
  logout(refreshToken: string): Promise<void>;
}

export const AUTH_TYPES = {
  IAccessTokenIssuer: Symbol.for('IAccessTokenIssuer'),
  IAccessTokenVerifier: Symbol.for('IAccessTokenVerifier'),
  IAuthService: Symbol.for('IAuthService'),
  IClientCredentialsService: Symbol.for('IClientCredentialsService'),
  IRefreshTokenRepository: Symbol.for('IRefreshTokenRepository'),
  IServiceClientRepository: Symbol.for('IServiceClientRepository'),
  ISsoAdapter: Symbol.for('ISsoAdapter'),
  ISessionGuard: Symbol.for('ISessionGuard'),
  ISessionService: Symbol.for('ISessionService'),
  ISessionVersionRepository: Symbol.for('ISessionVersionRepository'),
  ISsoIdentityRepository: Symbol.for('ISsoIdentityRepository'),
  ISsoLinkService: Symbol.for('ISsoLinkService'),
  /** SELF_SIGNUP: whether anyone may register (a boolean). */
  SelfSignup: Symbol.for('SelfSignup'),
} as const;

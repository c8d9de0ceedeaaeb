export const AUTH_TYPES = {
  IAccessTokenIssuer: Symbol.for('IAccessTokenIssuer'),
  IAccessTokenVerifier: Symbol.for('IAccessTokenVerifier'),
} as const;

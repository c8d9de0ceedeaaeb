import type { Scope } from './principal';

export interface ClientAccessToken {
  accessToken: string;
  expiresInSeconds: number;
  scopes: Scope[];
}

export interface IClientCredentialsService {
  /**
   * OAuth 2 client_credentials grant. `scope` is the raw space-separated parameter (undefined when
   * absent). Throws InvalidClientError or InvalidScopeError.
   */
  issueToken(clientId: string, clientSecret: string, scope: string | undefined): Promise<ClientAccessToken>;
}

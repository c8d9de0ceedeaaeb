import { inject, injectable } from 'inversify';
import type { IAccessTokenIssuer } from '../../../domain/modules/auth/access-token.port';
import { InvalidClientError } from '../../../domain/modules/auth/auth.errors';
import { AUTH_TYPES } from '../../../domain/modules/auth/auth.types';
import type { ClientAccessToken, IClientCredentialsService } from '../../../domain/modules/auth/client-credentials.service';
import { parseScopes } from '../../../domain/modules/auth/scopes';
import type { ISessionService } from '../../../domain/modules/auth/session.service';
import type { IServiceClientRepository } from '../../../domain/modules/auth/service-client.repository';
import type { IAuditLog } from '../../../domain/shared/audit-log.port';
import { SHARED_TYPES } from '../../../domain/shared/shared.types';
import { digestToken, digestsEqual } from '../../security/opaque-token';

@injectable()
export class ClientCredentialsService implements IClientCredentialsService {
  constructor(
    @inject(AUTH_TYPES.IServiceClientRepository) private readonly clients: IServiceClientRepository,
    @inject(AUTH_TYPES.IAccessTokenIssuer) private readonly issuer: IAccessTokenIssuer,
    @inject(AUTH_TYPES.ISessionService) private readonly sessions: ISessionService,
    @inject(SHARED_TYPES.IAuditLog) private readonly audit: IAuditLog,
  ) {}

  async issueToken(clientId: string, clientSecret: string, scope: string | undefined): Promise<ClientAccessToken> {
    const client = await this.clients.findByClientId(clientId);
    const presented = digestToken(clientSecret);
    // Unknown client, wrong secret and inactive client are one error: nothing tells them apart.
    if (!client || !digestsEqual(client.secretHash, presented) || !client.isActive) throw new InvalidClientError();
    const scopes = client.grant(scope === undefined ? null : parseScopes(scope));
    const principal = { kind: 'service', clientId: client.clientId, scopes } as const;
    const sessionVersion = await this.sessions.versionForNewToken(principal).catch(() => {
      throw new InvalidClientError();
    });
    const issued = this.issuer.issue(principal, sessionVersion);
    this.audit.record({ type: 'auth.client.token.issued', target: `client:${client.clientId}`, detail: { scopes: scopes.join(' ') } });
    return { accessToken: issued.token, expiresInSeconds: issued.expiresInSeconds, scopes };
  }
}

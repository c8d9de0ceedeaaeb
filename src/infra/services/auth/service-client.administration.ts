import { ServiceClientNotFoundError } from '../../../domain/modules/auth/auth.errors';
import type { Principal } from '../../../domain/modules/auth/principal';
import type { ServiceClient } from '../../../domain/modules/auth/service-client.entity';
import type { IServiceClientRepository } from '../../../domain/modules/auth/service-client.repository';
import type { ISessionVersionRepository } from '../../../domain/modules/auth/session-version.repository';
import type { IAuditLog } from '../../../domain/shared/audit-log.port';
import type { IClock } from '../../../domain/shared/clock.port';
import type { IUnitOfWork } from '../../../domain/shared/unit-of-work.port';
import { digestToken, newOpaqueToken } from '../../security/opaque-token';

export interface ServiceClientAdministrationParts {
  clients: IServiceClientRepository;
  versions: ISessionVersionRepository;
  uow: IUnitOfWork;
  audit: IAuditLog;
  clock: IClock;
}

const principalOf = (client: ServiceClient): Principal => ({ kind: 'service', clientId: client.clientId, scopes: client.scopes });

/**
 * Operator actions on service clients. Disabling a client or rotating its secret also ends every
 * access token it holds (its session version is bumped in the same transaction): a leaked secret
 * or token stops working within seconds, not when the token expires.
 */
export class ServiceClientAdministration {
  constructor(private readonly parts: ServiceClientAdministrationParts) {}

  list(): Promise<ServiceClient[]> {
    return this.parts.clients.list();
  }

  async disable(clientId: string): Promise<void> {
    await this.change(clientId, (client) => client.disable());
    this.parts.audit.record({ type: 'client.disabled', target: `client:${clientId}` });
  }

  /** The new secret, to be shown once. */
  async rotateSecret(clientId: string): Promise<string> {
    const secret = newOpaqueToken();
    await this.change(clientId, (client) => client.rotateSecret(digestToken(secret)));
    this.parts.audit.record({ type: 'client.secret.rotated', target: `client:${clientId}` });
    return secret;
  }

  private async change(clientId: string, apply: (client: ServiceClient) => void): Promise<void> {
    const { clients, versions, uow, clock } = this.parts;
    await uow.transaction(async () => {
      const client = await clients.findByClientId(clientId, { forUpdate: true });
      if (!client) throw new ServiceClientNotFoundError();
      apply(client);
      await clients.update(client);
      await versions.bump(principalOf(client), clock.now());
    });
  }
}

import { inject, injectable } from 'inversify';
import { AUTH_TYPES } from '../../../domain/modules/auth/auth.types';
import { ServiceClientNotFoundError } from '../../../domain/modules/auth/auth.errors';
import type { Principal } from '../../../domain/modules/auth/principal';
import type { ServiceClient } from '../../../domain/modules/auth/service-client.entity';
import type { IServiceClientRepository } from '../../../domain/modules/auth/service-client.repository';
import type { ISessionVersionRepository } from '../../../domain/modules/auth/session-version.repository';
import type { IAuditLog } from '../../../domain/shared/audit-log.port';
import type { IClock } from '../../../domain/shared/clock.port';
import type { IUnitOfWork } from '../../../domain/shared/unit-of-work.port';
import { SHARED_TYPES } from '../../../domain/shared/shared.types';
import { digestToken, newOpaqueToken } from '../../security/opaque-token';
import { type CreatedServiceClient, registerServiceClient } from './service-client.registration';

const principalOf = (client: ServiceClient): Principal => ({ kind: 'service', clientId: client.clientId, scopes: client.scopes });

/**
 * Operator actions on service clients. Disabling a client or rotating its secret also ends every
 * access token it holds (its session version is bumped in the same transaction): a leaked secret
 * or token stops working within seconds, not when the token expires.
 */
@injectable()
export class ServiceClientAdministration {
  constructor(
    @inject(AUTH_TYPES.IServiceClientRepository) private readonly clients: IServiceClientRepository,
    @inject(AUTH_TYPES.ISessionVersionRepository) private readonly versions: ISessionVersionRepository,
    @inject(SHARED_TYPES.IUnitOfWork) private readonly uow: IUnitOfWork,
    @inject(SHARED_TYPES.IAuditLog) private readonly audit: IAuditLog,
    @inject(SHARED_TYPES.IClock) private readonly clock: IClock,
  ) {}

  /** A new client with a fresh id and secret (the secret is shown once). */
  async register(input: { name: string; scopes: string }): Promise<CreatedServiceClient> {
    const created = await registerServiceClient(this.clients, { ...input, now: this.clock.now() });
    this.audit.record({ type: 'client.created', target: `client:${created.clientId}`, detail: { scopes: created.scopes.join(' ') } });
    return created;
  }

  list(): Promise<ServiceClient[]> {
    return this.clients.list();
  }

  async disable(clientId: string): Promise<void> {
    await this.change(clientId, (client) => client.disable());
    this.audit.record({ type: 'client.disabled', target: `client:${clientId}` });
  }

  /** The new secret, to be shown once. */
  async rotateSecret(clientId: string): Promise<string> {
    const secret = newOpaqueToken();
    await this.change(clientId, (client) => client.rotateSecret(digestToken(secret)));
    this.audit.record({ type: 'client.secret.rotated', target: `client:${clientId}` });
    return secret;
  }

  private async change(clientId: string, apply: (client: ServiceClient) => void): Promise<void> {
    const { clients, versions, uow, clock } = this;
    await uow.transaction(async () => {
      const client = await clients.findByClientId(clientId, { forUpdate: true });
      if (!client) throw new ServiceClientNotFoundError();
      apply(client);
      await clients.update(client);
      await versions.bump(principalOf(client), clock.now());
    });
  }
}

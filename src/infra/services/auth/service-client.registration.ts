import { randomBytes } from 'node:crypto';
import type { Scope } from '../../../domain/modules/auth/principal';
import { parseScopes } from '../../../domain/modules/auth/scopes';
import { ServiceClient } from '../../../domain/modules/auth/service-client.entity';
import type { IServiceClientRepository } from '../../../domain/modules/auth/service-client.repository';
import { digestToken, newOpaqueToken } from '../../security/opaque-token';

export interface CreatedServiceClient {
  clientId: string;
  /** Shown once; only its digest is stored. */
  clientSecret: string;
  scopes: Scope[];
}

/** Creates a service client with a fresh id and secret (operators do this from the CLI). */
export async function registerServiceClient(
  clients: IServiceClientRepository,
  input: { name: string; scopes: string; now: Date },
): Promise<CreatedServiceClient> {
  const clientId = `svc_${randomBytes(12).toString('base64url')}`;
  const clientSecret = newOpaqueToken();
  const client = ServiceClient.register({
    clientId,
    secretHash: digestToken(clientSecret),
    name: input.name,
    scopes: parseScopes(input.scopes),
    now: input.now,
  });
  const stored = await clients.create(client);
  return { clientId: stored.clientId, clientSecret, scopes: [...stored.scopes] };
}

import type { ServiceClient } from './service-client.entity';

export interface IServiceClientRepository {
  findByClientId(clientId: string, options?: { forUpdate?: boolean }): Promise<ServiceClient | null>;
  create(client: ServiceClient): Promise<ServiceClient>;
  /** Stores a changed client (status, secret). */
  update(client: ServiceClient): Promise<void>;
  /** Every client, oldest first: operators list them (there are few). */
  list(): Promise<ServiceClient[]>;
}

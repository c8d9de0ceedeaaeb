import type { ServiceClient } from './service-client.entity';

export interface IServiceClientRepository {
  findByClientId(clientId: string): Promise<ServiceClient | null>;
  create(client: ServiceClient): Promise<ServiceClient>;
}

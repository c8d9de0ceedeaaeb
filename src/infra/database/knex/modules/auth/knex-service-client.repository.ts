import { inject, injectable } from 'inversify';
import type { Scope } from '../../../../../domain/modules/auth/principal';
import { isScope } from '../../../../../domain/modules/auth/scopes';
import { ServiceClient } from '../../../../../domain/modules/auth/service-client.entity';
import type { IServiceClientRepository } from '../../../../../domain/modules/auth/service-client.repository';
import { INFRA_TYPES } from '../../../../infra.types';
import type { KnexDbContext } from '../../knex-db-context';

interface ServiceClientRow {
  client_id: string;
  secret_hash: string;
  name: string;
  scopes: string[];
  is_active: boolean;
  created_at: Date;
}

const COLUMNS = ['client_id', 'secret_hash', 'name', 'scopes', 'is_active', 'created_at'];

export const ServiceClientMapper = {
  toEntity(row: ServiceClientRow): ServiceClient {
    return ServiceClient.restore({
      clientId: row.client_id,
      secretHash: row.secret_hash,
      name: row.name,
      // A scope retired from the code stops being granted rather than breaking the client.
      scopes: row.scopes.filter((s): s is Scope => isScope(s)),
      isActive: row.is_active,
      createdAt: new Date(row.created_at),
    });
  },

  toRow(client: ServiceClient): ServiceClientRow {
    return {
      client_id: client.clientId,
      secret_hash: client.secretHash,
      name: client.name,
      scopes: [...client.scopes],
      is_active: client.isActive,
      created_at: client.createdAt,
    };
  },
};

@injectable()
export class KnexServiceClientRepository implements IServiceClientRepository {
  constructor(@inject(INFRA_TYPES.KnexDbContext) private readonly context: KnexDbContext) {}

  async findByClientId(clientId: string, options: { forUpdate?: boolean } = {}): Promise<ServiceClient | null> {
    const query = this.context.executor()('service_clients').select(COLUMNS).where({ client_id: clientId }).first();
    const row: ServiceClientRow | undefined = await (options.forUpdate ? query.forUpdate() : query);
    return row ? ServiceClientMapper.toEntity(row) : null;
  }

  async update(client: ServiceClient): Promise<void> {
    const { secret_hash, is_active } = ServiceClientMapper.toRow(client);
    await this.context.executor()('service_clients').where({ client_id: client.clientId }).update({ secret_hash, is_active });
  }

  async list(): Promise<ServiceClient[]> {
    const rows: ServiceClientRow[] = await this.context.executor()('service_clients').select(COLUMNS).orderBy('created_at').orderBy('client_id');
    return rows.map((row) => ServiceClientMapper.toEntity(row));
  }

  async create(client: ServiceClient): Promise<ServiceClient> {
    const [row]: ServiceClientRow[] = await this.context.executor()('service_clients').insert(ServiceClientMapper.toRow(client)).returning(COLUMNS);
    return ServiceClientMapper.toEntity(row);
  }
}

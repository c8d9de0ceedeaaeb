import { inject, injectable } from 'inversify';
import { WebhookEndpoint, type WebhookEndpointStatus, type WebhookEventFilter } from '../../../../../domain/modules/webhook/webhook-endpoint.entity';
import type { EndpointKey, IWebhookEndpointRepository } from '../../../../../domain/modules/webhook/webhook.repository';
import { type Page, type PageQuery, pageFrom } from '../../../../../domain/shared/pagination';
import { INFRA_TYPES } from '../../../../infra.types';
import type { KnexDbContext } from '../../knex-db-context';

export interface WebhookEndpointRow {
  id: string;
  url: string;
  event_types: string[];
  secret: string;
  status: WebhookEndpointStatus;
  created_at: Date;
  created_by: string;
}

export const ENDPOINT_COLUMNS = ['id', 'url', 'event_types', 'secret', 'status', 'created_at', 'created_by'];

export const WebhookEndpointMapper = {
  toEntity(row: WebhookEndpointRow): WebhookEndpoint {
    return WebhookEndpoint.restore({
      id: row.id,
      url: row.url,
      events: row.event_types as WebhookEventFilter[],
      secret: row.secret,
      status: row.status,
      createdAt: new Date(row.created_at),
      createdBy: row.created_by,
    });
  },

  toRow(endpoint: WebhookEndpoint): WebhookEndpointRow {
    return {
      id: endpoint.id,
      url: endpoint.url,
      event_types: [...endpoint.events],
      secret: endpoint.secret,
      status: endpoint.status,
      created_at: endpoint.createdAt,
      created_by: endpoint.createdBy,
    };
  },
};

@injectable()
export class KnexWebhookEndpointRepository implements IWebhookEndpointRepository {
  constructor(@inject(INFRA_TYPES.KnexDbContext) private readonly context: KnexDbContext) {}

  async insert(endpoint: WebhookEndpoint): Promise<void> {
    await this.context.executor()('webhook_endpoints').insert(WebhookEndpointMapper.toRow(endpoint));
  }

  async findById(id: string): Promise<WebhookEndpoint | null> {
    const row: WebhookEndpointRow | undefined = await this.context.executor()('webhook_endpoints').select(ENDPOINT_COLUMNS).where({ id }).first();
    return row ? WebhookEndpointMapper.toEntity(row) : null;
  }

  async list({ limit, after }: PageQuery<EndpointKey>): Promise<Page<WebhookEndpoint, EndpointKey>> {
    const query = this.context.executor()('webhook_endpoints').select(ENDPOINT_COLUMNS).orderBy([{ column: 'created_at' }, { column: 'id' }]).limit(limit + 1);
    if (after) query.whereRaw('(created_at, id) > (?, ?)', [after.createdAt, after.id]);
    const rows: WebhookEndpointRow[] = await query;
    return pageFrom(rows.map((row) => WebhookEndpointMapper.toEntity(row)), limit, (endpoint) => ({ createdAt: endpoint.createdAt, id: endpoint.id }));
  }

  async updateStatus(endpoint: WebhookEndpoint): Promise<void> {
    await this.context.executor()('webhook_endpoints').where({ id: endpoint.id }).update({ status: endpoint.status });
  }

  /** The fan-out's view, FOR SHARE: a disable waits for the hand-over in progress, and one that committed first is seen. */
  async activeForFanOut(): Promise<WebhookEndpoint[]> {
    const rows: WebhookEndpointRow[] = await this.context.executor()('webhook_endpoints').select(ENDPOINT_COLUMNS).where({ status: 'active' }).forShare();
    return rows.map((row) => WebhookEndpointMapper.toEntity(row));
  }
}

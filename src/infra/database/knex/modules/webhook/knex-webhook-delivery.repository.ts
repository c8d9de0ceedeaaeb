import { inject, injectable } from 'inversify';
import type { WebhookDelivery, WebhookDeliveryStatus } from '../../../../../domain/modules/webhook/webhook-delivery';
import type { DeliveryKey, IWebhookDeliveryRepository } from '../../../../../domain/modules/webhook/webhook.repository';
import { type Page, type PageQuery, pageFrom } from '../../../../../domain/shared/pagination';
import { INFRA_TYPES } from '../../../../infra.types';
import type { KnexDbContext } from '../../knex-db-context';

export interface WebhookDeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  position: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
}

/** A new queue entry: the event as it will be POSTed, due at once. */
export interface NewDeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  position: string;
  payload: string;
  status: 'pending';
  next_attempt_at: Date;
  created_at: Date;
}

const COLUMNS = ['id', 'endpoint_id', 'event_id', 'event_type', 'position', 'status', 'attempts', 'next_attempt_at', 'last_status_code', 'last_error', 'delivered_at', 'created_at'];

const dateOrNull = (value: Date | null): Date | null => (value === null ? null : new Date(value));

export const WebhookDeliveryMapper = {
  toDelivery(row: WebhookDeliveryRow): WebhookDelivery {
    return {
      id: row.id,
      endpointId: row.endpoint_id,
      eventId: row.event_id,
      eventType: row.event_type,
      position: BigInt(row.position),
      status: row.status,
      attempts: row.attempts,
      // Only a pending delivery has a next attempt; the column keeps the last one's time otherwise.
      nextAttemptAt: row.status === 'pending' ? new Date(row.next_attempt_at) : null,
      lastStatusCode: row.last_status_code,
      lastError: row.last_error,
      deliveredAt: dateOrNull(row.delivered_at),
      createdAt: new Date(row.created_at),
    };
  },
};

// A batch of events times the endpoints that want them, in statements of bounded size.
const INSERT_CHUNK = 500;

@injectable()
export class KnexWebhookDeliveryRepository implements IWebhookDeliveryRepository {
  constructor(@inject(INFRA_TYPES.KnexDbContext) private readonly context: KnexDbContext) {}

  async listForEndpoint(endpointId: string, { limit, after, status }: PageQuery<DeliveryKey> & { status?: WebhookDeliveryStatus }): Promise<Page<WebhookDelivery, DeliveryKey>> {
    const query = this.context.executor()('webhook_deliveries').select(COLUMNS).where({ endpoint_id: endpointId }).orderBy([{ column: 'position' }, { column: 'id' }]).limit(limit + 1);
    if (status) query.andWhere({ status });
    if (after) query.andWhereRaw('(position, id) > (?, ?)', [after.position.toString(), after.id]);
    const rows: WebhookDeliveryRow[] = await query;
    return pageFrom(rows.map((row) => WebhookDeliveryMapper.toDelivery(row)), limit, (delivery) => ({ position: delivery.position, id: delivery.id }));
  }

  /** ON CONFLICT DO NOTHING: an event handed over again is already queued for the endpoint. */
  async enqueue(rows: readonly NewDeliveryRow[]): Promise<void> {
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      await this.context.executor()('webhook_deliveries').insert(rows.slice(start, start + INSERT_CHUNK)).onConflict(['endpoint_id', 'event_id']).ignore();
    }
  }

  /** A disabled endpoint's queue ends: what was still pending is failed, unsent. */
  async failPending(endpointId: string, now: Date): Promise<void> {
    await this.context.executor()('webhook_deliveries').where({ endpoint_id: endpointId, status: 'pending' }).update({ status: 'failed', last_error: 'endpoint disabled', next_attempt_at: now });
  }
}

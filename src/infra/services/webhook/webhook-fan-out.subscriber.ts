import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { IClock } from '../../../domain/shared/clock.port';
import type { IEventSubscriber, PublishedEvent } from '../../../domain/shared/events.port';
import { SHARED_TYPES } from '../../../domain/shared/shared.types';
import { WEBHOOK_TYPES } from '../../../domain/modules/webhook/webhook.types';
import type { KnexWebhookDeliveryRepository, NewDeliveryRow } from '../../database/knex/modules/webhook/knex-webhook-delivery.repository';
import type { KnexWebhookEndpointRepository } from '../../database/knex/modules/webhook/knex-webhook-endpoint.repository';

/** What a receiver gets as the body of the POST (the Standard Webhooks `webhook-id` is the event id). */
export function webhookPayload(event: PublishedEvent): Record<string, unknown> {
  return { id: event.id, type: event.type, occurredAt: event.occurredAt.toISOString(), position: event.position.toString(), data: event.data };
}

/**
 * Queues each event for every active endpoint that wants its type, inside the dispatcher's
 * transaction (the open one: KnexDbContext), so the queue rows commit with the hand-over. An event
 * handed over again finds its rows there already (UNIQUE (endpoint_id, event_id), DO NOTHING).
 */
@injectable()
export class WebhookFanOut implements IEventSubscriber {
  readonly name = 'webhooks';

  constructor(
    @inject(WEBHOOK_TYPES.IWebhookEndpointRepository) private readonly endpoints: KnexWebhookEndpointRepository,
    @inject(WEBHOOK_TYPES.IWebhookDeliveryRepository) private readonly deliveries: KnexWebhookDeliveryRepository,
    @inject(SHARED_TYPES.IClock) private readonly clock: IClock,
  ) {}

  async accept(events: readonly PublishedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const endpoints = await this.endpoints.activeForFanOut();
    const now = this.clock.now();
    const rows: NewDeliveryRow[] = [];
    for (const event of events) {
      const payload = JSON.stringify(webhookPayload(event));
      for (const endpoint of endpoints.filter((candidate) => candidate.wants(event.type))) {
        rows.push({
          id: randomUUID(),
          endpoint_id: endpoint.id,
          event_id: event.id,
          event_type: event.type,
          position: event.position.toString(),
          payload,
          status: 'pending',
          next_attempt_at: now,
          created_at: now,
        });
      }
    }
    await this.deliveries.enqueue(rows);
  }
}

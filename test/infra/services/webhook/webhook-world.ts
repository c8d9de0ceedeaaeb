import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import pino from 'pino';
import { WebhookEndpoint } from '../../../../src/domain/modules/webhook/webhook-endpoint.entity';
import type { IClock } from '../../../../src/domain/shared/clock.port';
import type { PublishedEvent } from '../../../../src/domain/shared/events.port';
import { WebhookHttpSender } from '../../../../src/infra/adapters/webhook/webhook-http.sender';
import { KnexDbContext } from '../../../../src/infra/database/knex/knex-db-context';
import { KnexUnitOfWork } from '../../../../src/infra/database/knex/knex-unit-of-work';
import { KnexWebhookDeliveryRepository } from '../../../../src/infra/database/knex/modules/webhook/knex-webhook-delivery.repository';
import { KnexWebhookEndpointRepository } from '../../../../src/infra/database/knex/modules/webhook/knex-webhook-endpoint.repository';
import { WebhookDeliveryQueue } from '../../../../src/infra/database/knex/modules/webhook/webhook-delivery.queue';
import type { DeliveryOutcome, WebhookMetrics } from '../../../../src/infra/metrics/webhook.metrics';
import { WebhookDeliveryWorker } from '../../../../src/infra/services/webhook/webhook-delivery.worker';
import { WebhookFanOut } from '../../../../src/infra/services/webhook/webhook-fan-out.subscriber';
import { newWebhookSecret } from '../../../../src/infra/services/webhook/webhook-signature';

export const T0 = new Date('2026-12-04T10:00:00.000Z');
let position = 0n;

export function anEvent(type: PublishedEvent['type'] = 'transaction.posted', data: Record<string, unknown> = { amount: 100 }): PublishedEvent {
  return { id: randomUUID(), type, occurredAt: T0, position: ++position, data };
}

/** Outcomes counted as the metrics see them. */
export class CountingMetrics implements WebhookMetrics {
  readonly outcomes: DeliveryOutcome[] = [];
  pending = -1;
  attempt(outcome: DeliveryOutcome): void {
    this.outcomes.push(outcome);
  }
  queue(stats: { count: number }): void {
    this.pending = stats.count;
  }
}

/** The webhook side on a test database: endpoints, the fan-out (as the dispatcher calls it) and workers. */
export function webhookWorld(db: Knex, clock: IClock = { now: () => T0 }) {
  const context = new KnexDbContext(db);
  const uow = new KnexUnitOfWork(context);
  const endpoints = new KnexWebhookEndpointRepository(context);
  const deliveries = new KnexWebhookDeliveryRepository(context);
  const queue = new WebhookDeliveryQueue(context);
  const fanOut = new WebhookFanOut(endpoints, deliveries, clock);
  const metrics = new CountingMetrics();
  return {
    context,
    endpoints,
    queue,
    fanOut,
    metrics,
    async endpoint(url: string, events: string[] = ['*']): Promise<WebhookEndpoint> {
      const endpoint = WebhookEndpoint.register({ id: randomUUID(), url, events, secret: newWebhookSecret(), createdAt: T0, createdBy: 'user:1' });
      await endpoints.insert(endpoint);
      return endpoint;
    },
    /** What the outbox's dispatcher does: hand events over inside its transaction. */
    publish: (...events: PublishedEvent[]) => uow.transaction(() => fanOut.accept(events)),
    worker: ({ timeoutMs = 2_000, batchSize = 20 } = {}) =>
      new WebhookDeliveryWorker(queue, new WebhookHttpSender({ httpsOnly: false, allowPrivate: true }, timeoutMs), clock, { intervalMs: 50, timeoutMs, batchSize }, metrics, pino({ level: 'silent' }), () => 0.5),
    rows: (endpointId?: string) => db('webhook_deliveries').where(endpointId ? { endpoint_id: endpointId } : {}).orderBy('position'),
  };
}

import { Counter, Gauge, type Registry } from 'prom-client';
import type { PendingStats } from '../database/knex/modules/webhook/webhook-delivery.queue';

export type DeliveryOutcome = 'delivered' | 'retried' | 'failed';

/** What the delivery worker reports: each attempt's outcome, and how far behind the queue is. */
export interface WebhookMetrics {
  attempt(outcome: DeliveryOutcome): void;
  queue(stats: PendingStats, now: Date): void;
}

export function webhookMetrics(registry: Registry): WebhookMetrics {
  const attempts = new Counter({
    name: 'webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome: delivered (2xx), retried (scheduled again), failed (given up after the retry window)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const pending = new Gauge({ name: 'webhook_deliveries_pending', help: 'Webhook deliveries not yet delivered nor failed, as of the last worker run', registers: [registry] });
  const oldest = new Gauge({
    name: 'webhook_oldest_pending_age_seconds',
    help: 'Age of the oldest pending webhook delivery (0 when none), as of the last worker run',
    registers: [registry],
  });
  return {
    attempt: (outcome) => attempts.inc({ outcome }),
    queue: (stats, now) => {
      pending.set(stats.count);
      oldest.set(stats.oldestCreatedAt ? Math.max(0, (now.getTime() - stats.oldestCreatedAt.getTime()) / 1000) : 0);
    },
  };
}

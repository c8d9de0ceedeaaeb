import { Counter, Gauge, type Registry } from 'prom-client';

export type DeliveryOutcome = 'handed_over' | 'published' | 'subscriber_failed' | 'publish_failed';

export interface OutboxMetrics {
  deliveries: Counter<'outcome'>;
}

/**
 * `outbox_deliveries_total{outcome}` counts events; `outbox_oldest_undelivered_seconds` asks the
 * database at each scrape how old the oldest event still waiting is (0 when none waits; the last
 * value read while the database cannot answer).
 */
export function outboxMetrics(registry: Registry, oldestUndelivered: () => Promise<Date | null>, now: () => Date): OutboxMetrics {
  new Gauge({
    name: 'outbox_oldest_undelivered_seconds',
    help: 'Age of the oldest event without a position (or, with NATS_URL, not yet acknowledged by NATS)',
    registers: [registry],
    async collect() {
      // A scrape must answer while the database does not (the outage is what it should show):
      // then the gauge keeps the last age it read.
      const oldest = await oldestUndelivered().catch(() => undefined);
      if (oldest === undefined) return;
      this.set(oldest ? Math.max(0, (now().getTime() - oldest.getTime()) / 1000) : 0);
    },
  });
  return {
    deliveries: new Counter({
      name: 'outbox_deliveries_total',
      help: 'Events handed over to subscribers, published to NATS, or whose round failed (they are tried again)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}

import { Counter, Gauge, type Registry } from 'prom-client';

export type DeliveryOutcome = 'handed_over' | 'published' | 'subscriber_failed' | 'publish_failed';

export interface OutboxMetrics {
  deliveries: Counter<'outcome'>;
}

/**
 * `outbox_deliveries_total{outcome}` counts events; `outbox_oldest_undelivered_seconds` asks the
 * database at each scrape how old the oldest event still waiting is (0 when none waits).
 */
export function outboxMetrics(registry: Registry, oldestUndelivered: () => Promise<Date | null>, now: () => Date): OutboxMetrics {
  new Gauge({
    name: 'outbox_oldest_undelivered_seconds',
    help: 'Age of the oldest event without a position (or, with NATS_URL, not yet acknowledged by NATS)',
    registers: [registry],
    // One indexed query per scrape. A database that cannot answer leaves the last value: the
    // scrape still answers, and the database's own metrics say why.
    async collect() {
      const oldest = await oldestUndelivered().then(
        (value) => ({ value }),
        () => undefined,
      );
      if (oldest) this.set(oldest.value ? Math.max(0, (now().getTime() - oldest.value.getTime()) / 1000) : 0);
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

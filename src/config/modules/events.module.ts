import { ContainerModule, type interfaces } from 'inversify';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { IEventSubscriber } from '../../domain/shared/events.port';
import { SHARED_TYPES } from '../../domain/shared/shared.types';
import type { KnexDbContext } from '../../infra/database/knex/knex-db-context';
import { KnexEventOutbox } from '../../infra/database/knex/outbox/knex-event-outbox';
import { outboxStore } from '../../infra/database/knex/outbox/knex-outbox-store';
import { NatsEventPublisher } from '../../infra/events/nats-event-publisher';
import { OutboxDispatcher } from '../../infra/events/outbox-dispatcher';
import { OutboxSignal } from '../../infra/events/outbox-signal';
import { outboxMetrics } from '../../infra/events/outbox.metrics';
import { INFRA_TYPES } from '../../infra/infra.types';
import { EventFeedService } from '../../infra/services/events/event-feed.service';
import type { Settings } from '../settings';

/**
 * The outbox every change records into, the feed of GET /v1/events, and the dispatcher: built
 * on first request (only the server starts it; tests run it once at a time).
 */
export function eventsModule(settings: Settings, db: Knex, metrics: Registry): ContainerModule {
  const counters = outboxMetrics(metrics, () => outboxStore.oldestUndelivered(db, settings.natsUrl !== undefined), () => new Date());
  return new ContainerModule((bind) => {
    bind(INFRA_TYPES.OutboxSignal).toConstantValue(new OutboxSignal());
    bind(SHARED_TYPES.IEventOutbox).to(KnexEventOutbox).inSingletonScope();
    bind(SHARED_TYPES.IEventFeed).to(EventFeedService).inSingletonScope();
    bind(INFRA_TYPES.OutboxDispatcher)
      .toDynamicValue(({ container }) => dispatcher(container, settings, counters))
      .inSingletonScope();
  });
}

function dispatcher(container: interfaces.Container, settings: Settings, metrics: ReturnType<typeof outboxMetrics>): OutboxDispatcher {
  const subscribers = container.isBound(SHARED_TYPES.IEventSubscriber) ? container.getAll<IEventSubscriber>(SHARED_TYPES.IEventSubscriber) : [];
  return new OutboxDispatcher({
    context: container.get<KnexDbContext>(INFRA_TYPES.KnexDbContext),
    subscribers,
    publisher: settings.natsUrl ? new NatsEventPublisher(settings.natsUrl) : undefined,
    clock: container.get(SHARED_TYPES.IClock),
    logger: container.get<Logger>(INFRA_TYPES.Logger),
    metrics,
    signal: container.get(INFRA_TYPES.OutboxSignal),
    pollIntervalMs: settings.eventsPollIntervalMs,
  });
}

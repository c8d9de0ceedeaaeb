import type { Knex } from 'knex';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { IEventSubscriber, NewEvent, PublishedEvent } from '../../../src/domain/shared/events.port';
import { KnexDbContext } from '../../../src/infra/database/knex/knex-db-context';
import { KnexUnitOfWork } from '../../../src/infra/database/knex/knex-unit-of-work';
import { KnexEventOutbox } from '../../../src/infra/database/knex/outbox/knex-event-outbox';
import type { EventPublisher } from '../../../src/infra/events/event-publisher';
import { OutboxDispatcher } from '../../../src/infra/events/outbox-dispatcher';
import { OutboxSignal } from '../../../src/infra/events/outbox-signal';
import { outboxMetrics } from '../../../src/infra/events/outbox.metrics';

/** A subscriber that keeps what it accepted, and throws while `failing` is set. */
export class CollectingSubscriber implements IEventSubscriber {
  readonly name = 'collecting';
  readonly accepted: PublishedEvent[] = [];
  failing = false;

  accept(events: readonly PublishedEvent[]): Promise<void> {
    if (this.failing) return Promise.reject(new Error('subscriber down'));
    this.accepted.push(...events);
    return Promise.resolve();
  }
}

export interface OutboxParts {
  context: KnexDbContext;
  uow: KnexUnitOfWork;
  outbox: KnexEventOutbox;
  dispatcher: OutboxDispatcher;
  subscriber: CollectingSubscriber;
  signal: OutboxSignal;
}

/** One instance's outbox and dispatcher on `db`, as the events module wires them. */
export function outboxOn(db: Knex, options: { publisher?: EventPublisher; batchSize?: number } = {}): OutboxParts {
  const context = new KnexDbContext(db);
  const signal = new OutboxSignal();
  const clock = { now: () => new Date() };
  const subscriber = new CollectingSubscriber();
  const dispatcher = new OutboxDispatcher({
    context,
    subscribers: [subscriber],
    publisher: options.publisher,
    clock,
    logger: pino({ level: 'silent' }),
    metrics: outboxMetrics(new Registry(), async () => null, () => new Date()),
    signal,
    pollIntervalMs: 60_000,
    batchSize: options.batchSize,
  });
  return { context, uow: new KnexUnitOfWork(context), outbox: new KnexEventOutbox(context, clock, signal), dispatcher, subscriber, signal };
}

export const anEvent = (key: string, n: number): NewEvent => ({ type: 'account.frozen', orderingKeys: [key], data: { key, n } });

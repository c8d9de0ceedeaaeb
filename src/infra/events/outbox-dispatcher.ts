import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { IClock } from '../../domain/shared/clock.port';
import type { IEventSubscriber, PublishedEvent } from '../../domain/shared/events.port';
import type { KnexDbContext } from '../database/knex/knex-db-context';
import { outboxStore } from '../database/knex/outbox/knex-outbox-store';
import type { EventPublisher } from './event-publisher';
import type { OutboxMetrics } from './outbox.metrics';
import type { OutboxSignal } from './outbox-signal';

export interface DispatcherParts {
  context: KnexDbContext;
  subscribers: readonly IEventSubscriber[];
  publisher: EventPublisher | undefined;
  clock: IClock;
  logger: Logger;
  metrics: OutboxMetrics;
  signal: OutboxSignal;
  pollIntervalMs: number;
  batchSize?: number;
}

/** What one round did; `busy` when another instance held the lease. */
export interface DispatchRound {
  busy: boolean;
  handedOver: number;
  published: number;
}

const DEFAULT_BATCH = 100;

/**
 * Moves committed events out of the outbox, at least once and in order:
 * 1. positions: in one transaction holding the dispatcher lease, the oldest committed events
 *    without a position get the next ones (seq order) and go to every subscriber, whose writes
 *    commit with them. A subscriber that throws rolls the round back; the same events come again.
 * 2. NATS, when configured: in a second transaction holding the lease, positioned events not yet
 *    acknowledged are published one by one in position order, and marked once acknowledged. At
 *    the first failure the round stops: nothing later is published before it, so NATS sees
 *    position order. While NATS is down, positions and subscribers go on; publishing resumes
 *    from the oldest unpublished event. A crash after an ack but before the commit publishes
 *    again, and NATS drops the copy by its message id.
 * Several instances may run it: the one holding the lease dispatches, the others skip the round.
 */
export class OutboxDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private publishing: 'up' | 'down' = 'up';
  private rounds: 'ok' | 'failing' = 'ok';
  private readonly batch: number;

  constructor(private readonly parts: DispatcherParts) {
    this.batch = parts.batchSize ?? DEFAULT_BATCH;
  }

  /** Polls every `pollIntervalMs`, and at once when this process committed an event. Timers are unref'd. */
  start(): void {
    this.stopped = false;
    this.parts.signal.listen(() => this.nudge());
    // At once: what committed while no dispatcher ran (a crash, the CLI) need not wait a poll.
    this.schedule(0);
  }

  /** Stops polling and waits for the round under way, if any. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.parts.signal.listen(undefined);
    clearTimeout(this.timer);
    await this.running;
    await this.parts.publisher?.close();
  }

  /** One round, as the timer runs it (tests call it directly). */
  async dispatchOnce(): Promise<DispatchRound> {
    const db = this.parts.context.db;
    const round: DispatchRound = { busy: false, handedOver: 0, published: 0 };
    if (!(await outboxStore.hasWork(db, this.parts.publisher !== undefined))) return round;
    const handedOver = await this.leased(db, (trx, last) => this.handOver(trx, last));
    if (handedOver === null) return { ...round, busy: true };
    round.handedOver = handedOver;
    if (this.parts.publisher) round.published = (await this.leased(db, (trx) => this.publish(trx, this.parts.publisher as EventPublisher))) ?? 0;
    return round;
  }

  private async handOver(trx: Knex.Transaction, last: bigint): Promise<number> {
    const events = await outboxStore.position(trx, last, this.batch);
    if (events.length === 0) return 0;
    try {
      for (const subscriber of this.parts.subscribers) await subscriber.accept(events);
    } catch (error) {
      this.parts.metrics.deliveries.inc({ outcome: 'subscriber_failed' }, events.length);
      throw error;
    }
    this.parts.metrics.deliveries.inc({ outcome: 'handed_over' }, events.length);
    return events.length;
  }

  private async publish(trx: Knex.Transaction, publisher: EventPublisher): Promise<number> {
    const acknowledged: PublishedEvent[] = [];
    for (const event of await outboxStore.unpublished(trx, this.batch)) {
      try {
        await publisher.publish(event);
      } catch (error) {
        this.parts.metrics.deliveries.inc({ outcome: 'publish_failed' });
        this.publishingIs('down', error);
        break;
      }
      acknowledged.push(event);
    }
    if (acknowledged.length > 0) this.publishingIs('up');
    await outboxStore.markPublished(trx, acknowledged.map((e) => e.id), this.parts.clock.now());
    this.parts.metrics.deliveries.inc({ outcome: 'published' }, acknowledged.length);
    return acknowledged.length;
  }

  /** Runs `work` in a transaction holding the lease; null when another instance holds it. */
  private leased<T>(db: Knex, work: (trx: Knex.Transaction, last: bigint) => Promise<T>): Promise<T | null> {
    return db.transaction(async (trx) => {
      const last = await outboxStore.takeLease(trx);
      if (last === null) return null;
      // Subscribers write through the open transaction, like any repository (KnexDbContext).
      return this.parts.context.within(trx, () => work(trx, last));
    });
  }

  /** Logged once per change of state, not once per round. */
  private publishingIs(state: 'up' | 'down', error?: unknown): void {
    if (state === this.publishing) return;
    this.publishing = state;
    if (state === 'down') this.parts.logger.warn({ err: error }, 'events are not reaching NATS: kept in the outbox, retried each round');
    else this.parts.logger.info('events reach NATS again');
  }

  /** A database outage fails every round: said once when rounds start failing, once when they work again. */
  private roundsAre(state: 'ok' | 'failing', error?: unknown): void {
    if (state === this.rounds) return;
    this.rounds = state;
    if (state === 'failing') this.parts.logger.error({ err: error }, 'outbox dispatch rounds fail: their events stay in the outbox and are dispatched again');
    else this.parts.logger.info('outbox dispatch rounds work again');
  }

  private nudge(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    this.running = this.dispatchOnce().then(
      (round) => {
        this.roundsAre('ok');
        // A full batch, or an event committed meanwhile: go again at once.
        if (round.handedOver === this.batch || round.published === this.batch) this.again = true;
      },
      (error: unknown) => this.roundsAre('failing', error),
    );
    await this.running;
    this.running = undefined;
    if (this.stopped) return;
    const next = this.again ? 0 : this.parts.pollIntervalMs;
    this.again = false;
    this.schedule(next);
  }
}

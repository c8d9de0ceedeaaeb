/**
 * Events: what happened to a resource, written in the same database transaction as the change
 * (a transactional outbox), so no event exists for a change that rolled back and none is missing
 * for one that committed. Delivery happens afterwards, at least once, in commit order.
 */

/** `transaction.posted`, `hold.captured`, `account.frozen`, `user.deactivated`, … */
export type EventType = `${'transaction' | 'hold' | 'account' | 'user'}.${string}`;

export interface NewEvent {
  type: EventType;
  /**
   * The accounts (or, for a user event, `user:<id>`) whose order this event keeps: delivery
   * follows commit order per key.
   */
  orderingKeys: readonly string[];
  /** The resource as the API presents it. */
  data: Readonly<Record<string, unknown>>;
}

/** An event after the outbox gave it its place in the delivery order. */
export interface PublishedEvent {
  id: string;
  type: EventType;
  occurredAt: Date;
  /** Increases in delivery order; consumers page and deduplicate on it (or on `id`). */
  position: bigint;
  data: Readonly<Record<string, unknown>>;
}

/** Records an event inside the open unit of work; outside one it is refused. */
export interface IEventOutbox {
  record(event: NewEvent): Promise<void>;
}

/**
 * Takes events from the dispatcher, in position order, inside the dispatcher's database
 * transaction: what it writes (a webhook's delivery rows) commits with the events' hand-over, so
 * a crash in between hands them over again.
 */
export interface IEventSubscriber {
  readonly name: string;
  accept(events: readonly PublishedEvent[]): Promise<void>;
}

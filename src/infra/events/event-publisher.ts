import type { PublishedEvent } from '../../domain/shared/events.port';

/**
 * Where the dispatcher publishes positioned events, one at a time in position order: `publish`
 * resolves once the broker has stored the event (a duplicate of an id it already has counts).
 */
export interface EventPublisher {
  publish(event: PublishedEvent): Promise<void>;
  close(): Promise<void>;
}

import type { EventType, PublishedEvent } from './events.port';

/**
 * An event as GET /v1/events and NATS present it. `position` is a decimal string: it is a
 * bigint, which a JSON number would not always carry exactly.
 */
export type EventResource = {
  id: string;
  type: EventType;
  occurredAt: string;
  position: string;
  data: Readonly<Record<string, unknown>>;
};

export function eventResource(event: PublishedEvent): EventResource {
  return { id: event.id, type: event.type, occurredAt: event.occurredAt.toISOString(), position: event.position.toString(), data: event.data };
}

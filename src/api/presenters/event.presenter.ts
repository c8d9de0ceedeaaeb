import { type EventResource, eventResource } from '../../domain/shared/event.resource';
import type { PublishedEvent } from '../../domain/shared/events.port';
import type { Page } from '../../domain/shared/pagination';

/**
 * A page of events. `nextCursor` is the last position of the page, in clear: a reader passes it
 * back as `?after=`, and may as well store the position of the last event it handled.
 */
export interface EventPageBody {
  items: EventResource[];
  nextCursor: string | null;
}

export function presentEventPage(page: Page<PublishedEvent, bigint>): EventPageBody {
  return { items: page.items.map(eventResource), nextCursor: page.nextKey === null ? null : page.nextKey.toString() };
}

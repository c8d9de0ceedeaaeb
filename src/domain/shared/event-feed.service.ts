import type { Principal } from '../modules/auth/principal';
import type { PublishedEvent } from './events.port';
import type { Page, PageQuery } from './pagination';

/** GET /v1/events: positioned events in position order, for admins and `ledger:admin` services. */
export interface IEventFeed {
  list(actor: Principal, query: PageQuery<bigint>): Promise<Page<PublishedEvent, bigint>>;
}

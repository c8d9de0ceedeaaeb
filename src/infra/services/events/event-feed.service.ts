import { inject, injectable } from 'inversify';
import type { Principal } from '../../../domain/modules/auth/principal';
import { financialAccessPolicy as policy } from '../../../domain/modules/financial/financial-access.policy';
import type { IEventFeed } from '../../../domain/shared/event-feed.service';
import type { PublishedEvent } from '../../../domain/shared/events.port';
import type { Page, PageQuery } from '../../../domain/shared/pagination';
import { INFRA_TYPES } from '../../infra.types';
import type { KnexDbContext } from '../../database/knex/knex-db-context';
import { outboxStore } from '../../database/knex/outbox/knex-outbox-store';

/**
 * Pages the positioned events. Positions are given in commit order and never change, so a
 * reader that remembers the last position it saw misses nothing and sees nothing twice.
 */
@injectable()
export class EventFeedService implements IEventFeed {
  constructor(@inject(INFRA_TYPES.KnexDbContext) private readonly context: KnexDbContext) {}

  list(actor: Principal, query: PageQuery<bigint>): Promise<Page<PublishedEvent, bigint>> {
    policy.assertCanReadEvents(actor);
    return outboxStore.page(this.context.executor(), query);
  }
}

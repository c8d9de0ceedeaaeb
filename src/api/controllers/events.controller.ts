import type { Request, Response } from 'express';
import { inject } from 'inversify';
import { controller, httpGet, request, response } from 'inversify-express-utils';
import type { IEventFeed } from '../../domain/shared/event-feed.service';
import { SHARED_TYPES } from '../../domain/shared/shared.types';
import { principalOf } from '../http/principal';
import { validate } from '../http/validate';
import { presentEventPage } from '../presenters/event.presenter';
import { eventsQuery } from '../schemas/events.schemas';

const listRequest = validate({ query: eventsQuery });

@controller('/v1/events')
export class EventsController {
  constructor(@inject(SHARED_TYPES.IEventFeed) private readonly feed: IEventFeed) {}

  @httpGet('/', listRequest)
  async list(@request() req: Request, @response() res: Response): Promise<void> {
    const { query } = listRequest.of(req);
    res.json(presentEventPage(await this.feed.list(principalOf(res), { limit: query.limit, after: query.after })));
  }
}

import Joi from 'joi';
import { eventsQuery } from '../schemas/events.schemas';
import type { OpenApiModule } from './openapi-builder';
import { PAGE_LIMIT } from './request-examples';
import { V1_ROUTE } from './route-problems';

const position = Joi.string().pattern(/^[1-9][0-9]*$/).description('Place in the delivery order (a bigint, as a decimal string)');

// What the presenter answers; the OpenAPI test checks real responses against it.
export const eventResponse = Joi.object({
  id: Joi.string().guid().required().description('Unique; also the NATS message id (Nats-Msg-Id)'),
  type: Joi.string()
    .pattern(/^(transaction|hold|account|user)\.[a-z_.]+$/)
    .required()
    .example('transaction.posted'),
  occurredAt: Joi.string().isoDate().required(),
  position: position.required(),
  data: Joi.object().unknown(true).required().description('The resource as its GET answers it (a transaction, an account, a user)'),
}).meta({ className: 'Event' });

export const eventPageResponse = Joi.object({
  items: Joi.array().items(eventResponse).required().description('In position order'),
  nextCursor: position.allow(null).required().description('The last position of this page: pass it as ?after= for the next; null on the last page'),
}).meta({ className: 'EventPage' });

export const eventsOpenApi: OpenApiModule = {
  tag: { name: 'events', description: 'What changed, in commit order: the outbox, as a feed' },
  paths: (api) => ({
    '/v1/events': {
      get: {
        operationId: 'listEvents',
        summary: 'Page the events',
        description:
          'An admin or ledger:admin. Events that the dispatcher has positioned, in position order (commit order per account and per user), after the position given.',
        parameters: api.parameters(eventsQuery, 'query', { limit: PAGE_LIMIT, after: '0' }),
        errors: [...V1_ROUTE, 'FORBIDDEN'],
        responses: { '200': api.json('A page of events', eventPageResponse) },
      },
    },
  }),
};

import { Joi } from './safe-text.joi';
import { pageQuerySchema } from '../http/cursor';

export interface EventsQuery {
  limit: number;
  after?: bigint;
}

const MAX_BIGINT = 9_223_372_036_854_775_807n;

/** `after` is a position (decimal digits, a PostgreSQL bigint): the last one the reader saw. */
export const eventsQuery = Joi.object<EventsQuery, true>({
  limit: pageQuerySchema.limit,
  after: Joi.string()
    .pattern(/^(0|[1-9][0-9]{0,18})$/)
    .custom((value: string, helpers) => (BigInt(value) <= MAX_BIGINT ? BigInt(value) : helpers.error('any.invalid'))),
});

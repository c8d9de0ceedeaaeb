import { expect } from 'chai';
import type { FincoreApp } from '../../../src/config/composition-root';
import type { OutboxDispatcher } from '../../../src/infra/events/outbox-dispatcher';
import { INFRA_TYPES } from '../../../src/infra/infra.types';
import type { Bank } from '../financial/bank';

export interface EventBody {
  id: string;
  type: string;
  occurredAt: string;
  position: string;
  data: Record<string, unknown>;
}

export const dispatcherOf = (app: FincoreApp): OutboxDispatcher => app.container.get<OutboxDispatcher>(INFRA_TYPES.OutboxDispatcher);

/** The rows of the outbox, in seq order, whether or not they have been dispatched. */
export async function outboxRows(app: FincoreApp): Promise<{ type: string; ordering_keys: string[]; data: Record<string, unknown> }[]> {
  return app.db('outbox_events').orderBy('seq').select('type', 'ordering_keys', 'data');
}

/** Dispatches what is committed, then reads every event after `after` through GET /v1/events. */
export async function eventsAfter(bank: Bank, after = '0'): Promise<EventBody[]> {
  await dispatcherOf(bank.app).dispatchOnce();
  const res = await bank.http().get('/v1/events').query({ after, limit: 100 }).set('Authorization', bank.admin.authorization);
  expect(res.status, res.text).to.equal(200);
  return (res.body as { items: EventBody[] }).items;
}

export async function lastPosition(bank: Bank): Promise<string> {
  const events = await eventsAfter(bank);
  return events.length === 0 ? '0' : events[events.length - 1].position;
}

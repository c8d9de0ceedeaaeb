import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { OutcomeWrite } from '../../../../../domain/modules/financial/idempotency.port';
import type { PostingRecords } from '../../../../../domain/modules/financial/ledger.repository';
import { RETENTION_HOURS } from './knex-idempotency.store';

/**
 * The trailing parameters of the recording posting functions (migrations 20261205200100 and
 * 20261205200200): the event, then the idempotency outcome. The ordering keys travel as JSON,
 * which both drivers bind the same way (a JS array would not).
 */
const EVENT_PARAMETERS = '?::uuid, ?, ARRAY(SELECT jsonb_array_elements_text(?::jsonb)), ?::jsonb';
/** A claim completed by its token: id, token, response, retention. */
export const COMPLETION_PARAMETERS = `${EVENT_PARAMETERS}, ?::bigint, ?::uuid, ?::smallint, ?, ?, ?::integer`;
/** The key's record inserted completed: scope, key, method, path, hash, response, retention. */
export const INSERTION_PARAMETERS = `${EVENT_PARAMETERS}, ?, ?, ?, ?, ?, ?::smallint, ?, ?, ?::integer`;

type Completion = Extract<OutcomeWrite, { kind: 'complete' }> | null;
type Insertion = Extract<OutcomeWrite, { kind: 'insert' }>;

function eventBindings({ event }: PostingRecords): Knex.Value[] {
  return [randomUUID(), event.type, JSON.stringify(event.orderingKeys), JSON.stringify(event.data)];
}

export function completionBindings(records: PostingRecords & { outcome: Completion }): Knex.Value[] {
  const { outcome } = records;
  return [
    ...eventBindings(records),
    outcome?.claim.id ?? null,
    outcome?.claim.token ?? null,
    outcome?.response.status ?? null,
    outcome?.response.body ?? null,
    outcome?.response.location ?? null,
    RETENTION_HOURS,
  ];
}

export function insertionBindings(records: PostingRecords & { outcome: Insertion }): Knex.Value[] {
  const { request, response } = records.outcome;
  return [
    ...eventBindings(records),
    request.scope,
    request.key,
    request.method,
    request.path,
    request.requestHash,
    response.status,
    response.body,
    response.location,
    RETENTION_HOURS,
  ];
}

/** Narrows the records to those of a claim's completion (or none), for the postings that only know those. */
export function isCompletion(records: PostingRecords): records is PostingRecords & { outcome: Completion } {
  return records.outcome === null || records.outcome.kind === 'complete';
}

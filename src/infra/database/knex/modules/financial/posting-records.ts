import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { PostingRecords } from '../../../../../domain/modules/financial/ledger.repository';
import { RETENTION_HOURS } from './knex-idempotency.store';

/**
 * The trailing parameters of the recording posting functions (migration 20261205100100): the
 * event, then the idempotency outcome. The ordering keys travel as JSON, which both drivers bind
 * the same way (a JS array would not).
 */
export const RECORDS_PARAMETERS = '?::uuid, ?, ARRAY(SELECT jsonb_array_elements_text(?::jsonb)), ?::jsonb, ?::bigint, ?::uuid, ?::smallint, ?, ?, ?::integer';

export function recordsBindings({ event, outcome }: PostingRecords): Knex.Value[] {
  return [
    randomUUID(),
    event.type,
    JSON.stringify(event.orderingKeys),
    JSON.stringify(event.data),
    outcome?.claim.id ?? null,
    outcome?.claim.token ?? null,
    outcome?.response.status ?? null,
    outcome?.response.body ?? null,
    outcome?.response.location ?? null,
    RETENTION_HOURS,
  ];
}

import type { Knex } from 'knex';

/**
 * A transfer or a deposit with everything its commit carries, in one round trip: the posting
 * function of its kind (unchanged, called as it is), then its `transaction.posted` event and the
 * completion of the request's idempotency record. Both used to be statements of their own after
 * the posting, each a round trip during which the moved rows (for a deposit, the settlement row
 * every deposit waits on) stayed locked.
 *
 * The event is inserted while the posting's balance updates hold the accounts' rows, as before
 * (what keeps the events in commit order per account). The record is completed only by the
 * holder of its token; a claim taken over raises FC002, which the caller answers as "in
 * progress" after its transaction rolled back with the movement. A refusal writes neither.
 */
const EVENT_PARAMETERS = 'p_event_id uuid, p_event_type text, p_event_keys text[], p_event_data jsonb';
const OUTCOME_PARAMETERS = 'p_key_id bigint, p_key_token uuid, p_response_status smallint, p_response_body text, p_response_location text, p_retention_hours integer';

const RECORD_EVENT_AND_OUTCOME = `
      INSERT INTO outbox_events (id, type, ordering_keys, occurred_at, data)
      VALUES (p_event_id, p_event_type, p_event_keys, p_now, p_event_data);
      -- No record for work that keeps its idempotency elsewhere (a posting without a request).
      IF p_key_id IS NOT NULL THEN
        UPDATE idempotency_keys
           SET status = 'completed', response_status = p_response_status, response_body = p_response_body,
               response_location = p_response_location, completed_at = now(),
               expires_at = now() + p_retention_hours * interval '1 hour', lock_token = NULL, locked_until = NULL
         WHERE id = p_key_id AND lock_token = p_key_token AND status = 'in_progress';
        IF NOT FOUND THEN
          RAISE EXCEPTION 'the idempotency claim was taken over' USING ERRCODE = 'FC002';
        END IF;
      END IF;`;

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    CREATE FUNCTION ledger_post_transfer_recorded(
      p_id uuid, p_from uuid, p_to uuid, p_currency text, p_amount bigint, p_description text, p_now timestamptz,
      ${EVENT_PARAMETERS}, ${OUTCOME_PARAMETERS}
    ) RETURNS TABLE (refused_account uuid, from_balance bigint, to_balance bigint)
    LANGUAGE plpgsql AS $$
    DECLARE
      v_posting record;
    BEGIN
      SELECT * INTO v_posting FROM ledger_post_transfer(p_id, p_from, p_to, p_currency, p_amount, p_description, p_now);
      IF v_posting.refused_account IS NULL THEN${RECORD_EVENT_AND_OUTCOME}
      END IF;
      RETURN QUERY SELECT v_posting.refused_account, v_posting.from_balance, v_posting.to_balance;
    END $$
  `);
  await db.raw(`
    CREATE FUNCTION ledger_post_deposit_recorded(
      p_id uuid, p_account uuid, p_settlement uuid, p_currency text, p_amount bigint, p_description text,
      p_gateway_key text, p_gateway_reference text, p_now timestamptz,
      ${EVENT_PARAMETERS}, ${OUTCOME_PARAMETERS}
    ) RETURNS TABLE (account_balance bigint, settlement_balance bigint)
    LANGUAGE plpgsql AS $$
    DECLARE
      v_posting record;
    BEGIN
      SELECT * INTO v_posting FROM ledger_post_deposit(
        p_id, p_account, p_settlement, p_currency, p_amount, p_description, p_gateway_key, p_gateway_reference, p_now);
      IF v_posting.account_balance IS NOT NULL THEN${RECORD_EVENT_AND_OUTCOME}
      END IF;
      RETURN QUERY SELECT v_posting.account_balance, v_posting.settlement_balance;
    END $$
  `);
}

export async function down(db: Knex): Promise<void> {
  const recorded = 'uuid, text, text[], jsonb, bigint, uuid, smallint, text, text, integer';
  await db.raw(`DROP FUNCTION ledger_post_deposit_recorded(uuid, uuid, uuid, text, bigint, text, text, text, timestamptz, ${recorded})`);
  await db.raw(`DROP FUNCTION ledger_post_transfer_recorded(uuid, uuid, uuid, text, bigint, text, timestamptz, ${recorded})`);
}

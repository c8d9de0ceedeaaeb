import type { Knex } from 'knex';

/**
 * A transfer with its Idempotency-Key in one statement, on its own (no BEGIN, no COMMIT round
 * trip): the key's record is inserted first, completed with the answer the caller will give, then
 * the transfer is posted (ledger_post_transfer, unchanged) with its event. A concurrent attempt
 * with the same key waits on the key's unique index until this statement's transaction ends, then
 * finds the record. A key that already has a record (stored, held, or past its retention) moves
 * nothing: `key_taken`, and the caller answers from that record. A refusal keeps nothing, not even
 * the key (its answer is stored by the caller, as any refusal's); the CHECK constraints and the
 * deferred balance trigger still apply to what it writes.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`
    CREATE FUNCTION ledger_post_transfer_once(
      p_id uuid, p_from uuid, p_to uuid, p_currency text, p_amount bigint, p_description text, p_now timestamptz,
      p_event_id uuid, p_event_type text, p_event_keys text[], p_event_data jsonb,
      p_scope text, p_key text, p_method text, p_path text, p_request_hash text,
      p_response_status smallint, p_response_body text, p_response_location text, p_retention_hours integer
    ) RETURNS TABLE (key_taken boolean, refused_account uuid, from_balance bigint, to_balance bigint)
    LANGUAGE plpgsql AS $$
    DECLARE
      v_posting record;
    BEGIN
      INSERT INTO idempotency_keys (scope, key, method, path, request_hash, status, response_status, response_body,
                                    response_location, completed_at, expires_at)
      VALUES (p_scope, p_key, p_method, p_path, p_request_hash, 'completed', p_response_status, p_response_body,
              p_response_location, now(), now() + p_retention_hours * interval '1 hour')
      ON CONFLICT (scope, key) DO NOTHING;
      IF NOT FOUND THEN
        RETURN QUERY SELECT true, NULL::uuid, NULL::bigint, NULL::bigint;
        RETURN;
      END IF;
      SELECT * INTO v_posting FROM ledger_post_transfer(p_id, p_from, p_to, p_currency, p_amount, p_description, p_now);
      IF v_posting.refused_account IS NOT NULL THEN
        DELETE FROM idempotency_keys WHERE scope = p_scope AND key = p_key;
        RETURN QUERY SELECT false, v_posting.refused_account, NULL::bigint, NULL::bigint;
        RETURN;
      END IF;
      -- While the balance updates hold both accounts' rows: events in commit order per account.
      INSERT INTO outbox_events (id, type, ordering_keys, occurred_at, data)
      VALUES (p_event_id, p_event_type, p_event_keys, p_now, p_event_data);
      RETURN QUERY SELECT false, NULL::uuid, v_posting.from_balance, v_posting.to_balance;
    END $$
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`DROP FUNCTION ledger_post_transfer_once(
    uuid, uuid, uuid, text, bigint, text, timestamptz, uuid, text, text[], jsonb, text, text, text, text, text, smallint, text, text, integer)`);
}

import type { Knex } from 'knex';

/**
 * A hold's expiry is written by the database (ledger_expire_holds, run by the first debit of its
 * account or by the sweeper), so its `hold.expired` event is written there too, by the same
 * statement: an expiry that commits always has its event, one that rolls back never does. The
 * data is the hold as GET /v1/holds/{id} presents it (test/api/events/hold-events.test.ts
 * compares the two). It occurred when the ledger recorded it (the hold's resolvedAt says when it
 * expired), so the outbox's lag metric is not raised by an expiry long past.
 */
const LOCK_AND_EXPIRE = `
      -- NO KEY UPDATE, the lock of a balance UPDATE: it does not block the key-share locks that
      -- foreign keys to the account take (a hold or entry naming it), which would deadlock.
      PERFORM 1 FROM accounts WHERE id = p_account FOR NO KEY UPDATE;
      WITH expired AS (
        UPDATE holds SET status = 'expired', resolved_at = expires_at
         WHERE from_account_id = p_account AND status = 'pending' AND expires_at <= p_now
        RETURNING *
      )`;

const RECORD_EVENTS = `
      , recorded AS (
        INSERT INTO outbox_events (id, type, ordering_keys, occurred_at, data)
        SELECT gen_random_uuid(), 'hold.expired', ARRAY[e.from_account_id::text, e.to_account_id::text], p_now,
               jsonb_build_object(
                 'id', e.id, 'fromAccountId', e.from_account_id, 'toAccountId', e.to_account_id,
                 'amount', e.amount, 'currency', e.currency, 'capturedAmount', NULL, 'status', 'expired',
                 'description', e.description, 'expiresAt', json_timestamp(e.expires_at), 'createdAt', json_timestamp(e.created_at),
                 'resolvedAt', json_timestamp(e.expires_at), 'captureTransactionId', NULL)
          FROM expired e
      )`;

function expireHolds(withEvents: boolean): string {
  return `
    CREATE OR REPLACE FUNCTION ledger_expire_holds(p_account uuid, p_now timestamptz) RETURNS integer
    LANGUAGE plpgsql AS $$
    DECLARE
      v_released bigint;
      v_count integer;
    BEGIN${LOCK_AND_EXPIRE}${withEvents ? RECORD_EVENTS : ''}
      SELECT coalesce(sum(amount), 0), count(*) INTO v_released, v_count FROM expired;
      IF v_released > 0 THEN
        UPDATE accounts SET pending_balance = pending_balance - v_released WHERE id = p_account;
      END IF;
      RETURN v_count;
    END $$`;
}

export async function up(db: Knex): Promise<void> {
  // Date.prototype.toISOString's form (milliseconds, Z), as the API writes every timestamp.
  await db.raw(`
    CREATE FUNCTION json_timestamp(p timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT to_char(p AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    $$
  `);
  await db.raw(expireHolds(true));
}

export async function down(db: Knex): Promise<void> {
  await db.raw(expireHolds(false));
  await db.raw('DROP FUNCTION json_timestamp(timestamptz)');
}

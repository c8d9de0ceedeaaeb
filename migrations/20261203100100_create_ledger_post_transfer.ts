import type { Knex } from 'knex';

/**
 * A transfer between two customer accounts in one round trip: both conditional balance updates
 * (in ascending account id order, the global lock order), the transaction row and its two entries.
 * When either account's rule refuses (funds, status, currency), nothing of the transfer is kept:
 * the block's own savepoint undoes the first update, and the function names the refusing account
 * instead of raising, so the caller's transaction (with its idempotency record) stays usable.
 * The CHECK constraints and the deferred balance trigger still apply to what it writes.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`
    CREATE FUNCTION ledger_post_transfer(
      p_id uuid, p_from uuid, p_to uuid, p_currency text, p_amount bigint, p_description text, p_now timestamptz
    ) RETURNS TABLE (refused_account uuid, from_balance bigint, to_balance bigint)
    LANGUAGE plpgsql AS $$
    DECLARE
      v_from bigint;
      v_to bigint;
      v_refused uuid;
    BEGIN
      BEGIN
        IF p_from < p_to THEN
          UPDATE accounts SET balance = balance - p_amount, updated_at = p_now
           WHERE id = p_from AND kind = 'customer' AND currency = p_currency AND status = 'active' AND balance >= p_amount
           RETURNING balance INTO v_from;
          IF v_from IS NULL THEN v_refused := p_from; RAISE EXCEPTION USING ERRCODE = 'FC001'; END IF;
        END IF;
        UPDATE accounts SET balance = balance + p_amount, updated_at = p_now
         WHERE id = p_to AND kind = 'customer' AND currency = p_currency AND status <> 'closed'
         RETURNING balance INTO v_to;
        IF v_to IS NULL THEN v_refused := p_to; RAISE EXCEPTION USING ERRCODE = 'FC001'; END IF;
        IF p_from > p_to THEN
          UPDATE accounts SET balance = balance - p_amount, updated_at = p_now
           WHERE id = p_from AND kind = 'customer' AND currency = p_currency AND status = 'active' AND balance >= p_amount
           RETURNING balance INTO v_from;
          IF v_from IS NULL THEN v_refused := p_from; RAISE EXCEPTION USING ERRCODE = 'FC001'; END IF;
        END IF;
      EXCEPTION WHEN SQLSTATE 'FC001' THEN
        RETURN QUERY SELECT v_refused, NULL::bigint, NULL::bigint;
        RETURN;
      END;
      INSERT INTO ledger_transactions (id, type, description, created_at) VALUES (p_id, 'transfer', p_description, p_now);
      INSERT INTO ledger_entries (transaction_id, account_id, currency, amount, balance_after, created_at)
      VALUES (p_id, p_from, p_currency, -p_amount, v_from, p_now), (p_id, p_to, p_currency, p_amount, v_to, p_now);
      RETURN QUERY SELECT NULL::uuid, v_from, v_to;
    END $$
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('DROP FUNCTION ledger_post_transfer(uuid, uuid, uuid, text, bigint, text, timestamptz)');
}

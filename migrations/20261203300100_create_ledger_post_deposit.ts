import type { Knex } from 'knex';

/**
 * A deposit in one round trip: the customer's credit, the settlement account's debit (created by
 * the first deposit in its currency), the transaction row and its two entries. The settlement row
 * is every deposit's hot spot: it is locked last (the global order puts system accounts after
 * customers) and only for the rest of this call and the caller's commit, not for three more round
 * trips. A captured charge is credited whatever the account's status (the money has arrived);
 * only a missing customer account of that currency refuses, naming nothing, and then nothing is
 * written. The CHECK constraints and the deferred balance trigger still apply to what it writes.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`
    CREATE FUNCTION ledger_post_deposit(
      p_id uuid, p_account uuid, p_settlement uuid, p_currency text, p_amount bigint, p_description text,
      p_gateway_key text, p_gateway_reference text, p_now timestamptz
    ) RETURNS TABLE (account_balance bigint, settlement_balance bigint)
    LANGUAGE plpgsql AS $$
    DECLARE
      v_account bigint;
      v_settlement bigint;
    BEGIN
      UPDATE accounts SET balance = balance + p_amount, updated_at = p_now
       WHERE id = p_account AND kind = 'customer' AND currency = p_currency
       RETURNING balance INTO v_account;
      IF v_account IS NULL THEN
        RETURN QUERY SELECT NULL::bigint, NULL::bigint;
        RETURN;
      END IF;
      INSERT INTO accounts (id, kind, owner_id, currency, status, balance, created_at, updated_at)
      VALUES (p_settlement, 'system', NULL, p_currency, 'active', -p_amount, p_now, p_now)
      ON CONFLICT (id) DO UPDATE SET balance = accounts.balance + EXCLUDED.balance, updated_at = EXCLUDED.updated_at
      RETURNING balance INTO v_settlement;
      INSERT INTO ledger_transactions (id, type, description, gateway_key, gateway_reference, created_at)
      VALUES (p_id, 'deposit', p_description, p_gateway_key, p_gateway_reference, p_now);
      INSERT INTO ledger_entries (transaction_id, account_id, currency, amount, balance_after, created_at)
      VALUES (p_id, p_account, p_currency, p_amount, v_account, p_now),
             (p_id, p_settlement, p_currency, -p_amount, v_settlement, p_now);
      RETURN QUERY SELECT v_account, v_settlement;
    END $$
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('DROP FUNCTION ledger_post_deposit(uuid, uuid, uuid, text, bigint, text, text, text, timestamptz)');
}

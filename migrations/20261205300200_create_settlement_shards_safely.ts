import type { Knex } from 'knex';

/**
 * A settlement shard is created by the first deposit through it, and with sixteen per currency many
 * are first used by deposits running side by side. `INSERT ... ON CONFLICT (id) DO UPDATE` only
 * waits out a concurrent insert on its arbiter (the primary key): the same row racing in through
 * the other unique index, (id, currency), failed with a unique violation, a 500 for a deposit the
 * gateway had charged (its retry credited it). Now the busy path is the UPDATE alone; only when the
 * shard does not exist yet is it inserted empty with `ON CONFLICT DO NOTHING`, which waits out a
 * concurrent insert on every unique index, and then updated. Otherwise ledger_post_deposit is the
 * function of 20261203300100_create_ledger_post_deposit, unchanged.
 */
const deposit = (settlementDebit: string) => `
  CREATE OR REPLACE FUNCTION ledger_post_deposit(
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
    END IF;${settlementDebit}
    INSERT INTO ledger_transactions (id, type, description, gateway_key, gateway_reference, created_at)
    VALUES (p_id, 'deposit', p_description, p_gateway_key, p_gateway_reference, p_now);
    INSERT INTO ledger_entries (transaction_id, account_id, currency, amount, balance_after, created_at)
    VALUES (p_id, p_account, p_currency, p_amount, v_account, p_now),
           (p_id, p_settlement, p_currency, -p_amount, v_settlement, p_now);
    RETURN QUERY SELECT v_account, v_settlement;
  END $$`;

const DEBIT_CREATING_SAFELY = `
    UPDATE accounts SET balance = balance - p_amount, updated_at = p_now
     WHERE id = p_settlement AND kind = 'system' AND currency = p_currency
     RETURNING balance INTO v_settlement;
    IF v_settlement IS NULL THEN
      INSERT INTO accounts (id, kind, owner_id, currency, status, balance, created_at, updated_at)
      VALUES (p_settlement, 'system', NULL, p_currency, 'active', 0, p_now, p_now)
      ON CONFLICT DO NOTHING;
      UPDATE accounts SET balance = balance - p_amount, updated_at = p_now
       WHERE id = p_settlement AND kind = 'system' AND currency = p_currency
       RETURNING balance INTO v_settlement;
    END IF;`;

const DEBIT_UPSERTING = `
    INSERT INTO accounts (id, kind, owner_id, currency, status, balance, created_at, updated_at)
    VALUES (p_settlement, 'system', NULL, p_currency, 'active', -p_amount, p_now, p_now)
    ON CONFLICT (id) DO UPDATE SET balance = accounts.balance + EXCLUDED.balance, updated_at = EXCLUDED.updated_at
    RETURNING balance INTO v_settlement;`;

export async function up(db: Knex): Promise<void> {
  await db.raw(deposit(DEBIT_CREATING_SAFELY));
}

export async function down(db: Knex): Promise<void> {
  await db.raw(deposit(DEBIT_UPSERTING));
}

import type { Knex } from 'knex';

/**
 * Holds (two-phase transfers): money reserved on a customer account, later captured in whole or
 * part (a `capture` transaction naming the hold), voided, or expired. A pending hold counts in
 * its source's pending_balance; the database keeps posted minus pending never below zero for a
 * customer, so every debit (conditional UPDATE, ledger_post_transfer) tests the available balance.
 * A pending hold whose expires_at has passed is released by the first debit of its account, by
 * the sweeper, or by nothing at all: reads treat it as expired either way (ledger_expire_holds).
 */
const GUARDED_BEFORE = ['id', 'type', 'description', 'reverses_id', 'refunds_id', 'gateway_key', 'created_at'];

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('holds', (t) => {
    t.uuid('id').primary();
    t.uuid('from_account_id').notNullable();
    t.uuid('to_account_id').notNullable();
    t.string('currency', 3).notNullable();
    t.bigInteger('amount').notNullable();
    t.bigInteger('captured_amount').nullable();
    t.string('status', 16).notNullable().defaultTo('pending');
    t.string('description', 200).nullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('resolved_at', { useTz: true }).nullable();
    t.uuid('capture_transaction_id').nullable();
  });
  await db.raw(`
    ALTER TABLE holds
      ADD CONSTRAINT holds_amount_check CHECK (amount > 0),
      ADD CONSTRAINT holds_status_check CHECK (status IN ('pending', 'captured', 'voided', 'expired')),
      ADD CONSTRAINT holds_accounts_check CHECK (from_account_id <> to_account_id),
      ADD CONSTRAINT holds_expiry_check CHECK (expires_at > created_at),
      ADD CONSTRAINT holds_resolved_check CHECK ((status = 'pending') = (resolved_at IS NULL)),
      ADD CONSTRAINT holds_captured_check CHECK (
        (status = 'captured') = (captured_amount IS NOT NULL AND capture_transaction_id IS NOT NULL)
        AND (captured_amount IS NULL OR captured_amount BETWEEN 1 AND amount)),
      ADD CONSTRAINT holds_from_account_fk FOREIGN KEY (from_account_id, currency) REFERENCES accounts (id, currency),
      ADD CONSTRAINT holds_to_account_fk FOREIGN KEY (to_account_id, currency) REFERENCES accounts (id, currency),
      -- Checked at COMMIT: the hold is marked captured before its capture transaction is posted.
      ADD CONSTRAINT holds_capture_transaction_fk FOREIGN KEY (capture_transaction_id) REFERENCES ledger_transactions (id)
        DEFERRABLE INITIALLY DEFERRED
  `);
  await db.raw(`CREATE INDEX holds_pending_expiry_idx ON holds (from_account_id, expires_at) WHERE status = 'pending'`);
  await db.raw(`CREATE INDEX holds_expiry_sweep_idx ON holds (expires_at) WHERE status = 'pending'`);
  await db.raw('CREATE INDEX holds_from_list_idx ON holds (from_account_id, created_at DESC, id DESC)');
  await db.raw('CREATE INDEX holds_to_list_idx ON holds (to_account_id, created_at DESC, id DESC)');

  await db.raw(`
    ALTER TABLE accounts
      ADD COLUMN pending_balance bigint NOT NULL DEFAULT 0,
      ADD CONSTRAINT accounts_pending_balance_check CHECK (pending_balance >= 0 AND (kind = 'customer' OR pending_balance = 0)),
      -- Posted minus pending never below zero: held money cannot be spent twice.
      ADD CONSTRAINT accounts_customer_available_check CHECK (kind = 'system' OR balance - pending_balance >= 0)
  `);

  await db.raw(`
    ALTER TABLE ledger_transactions
      ADD COLUMN hold_id uuid NULL REFERENCES holds (id),
      -- A hold is captured at most once, however many captures race.
      ADD CONSTRAINT ledger_transactions_hold_unique UNIQUE (hold_id),
      DROP CONSTRAINT ledger_transactions_type_check,
      ADD CONSTRAINT ledger_transactions_type_check
        CHECK (type IN ('deposit', 'withdrawal', 'transfer', 'reversal', 'refund', 'sweep', 'capture')),
      ADD CONSTRAINT ledger_transactions_capture_check CHECK ((type = 'capture') = (hold_id IS NOT NULL))
  `);
  await guardUpdates(db, [...GUARDED_BEFORE, 'hold_id']);

  // Locks the account row first (the global order: accounts, then their holds), then releases
  // every pending hold of it that has expired; answers how many it released.
  await db.raw(`
    CREATE FUNCTION ledger_expire_holds(p_account uuid, p_now timestamptz) RETURNS integer
    LANGUAGE plpgsql AS $$
    DECLARE
      v_released bigint;
      v_count integer;
    BEGIN
      -- NO KEY UPDATE, the lock of a balance UPDATE: it does not block the key-share locks that
      -- foreign keys to the account take (a hold or entry naming it), which would deadlock.
      PERFORM 1 FROM accounts WHERE id = p_account FOR NO KEY UPDATE;
      WITH expired AS (
        UPDATE holds SET status = 'expired', resolved_at = expires_at
         WHERE from_account_id = p_account AND status = 'pending' AND expires_at <= p_now
        RETURNING amount
      )
      SELECT coalesce(sum(amount), 0), count(*) INTO v_released, v_count FROM expired;
      IF v_released > 0 THEN
        UPDATE accounts SET pending_balance = pending_balance - v_released WHERE id = p_account;
      END IF;
      RETURN v_count;
    END $$
  `);
  await db.raw(postTransferFunction(true));
}

export async function down(db: Knex): Promise<void> {
  await db.raw(postTransferFunction(false));
  await db.raw('DROP FUNCTION ledger_expire_holds(uuid, timestamptz)');
  await guardUpdates(db, GUARDED_BEFORE);
  await db.raw(`
    ALTER TABLE ledger_transactions
      DROP CONSTRAINT ledger_transactions_capture_check,
      DROP CONSTRAINT ledger_transactions_type_check,
      ADD CONSTRAINT ledger_transactions_type_check CHECK (type IN ('deposit', 'withdrawal', 'transfer', 'reversal', 'refund', 'sweep')),
      DROP CONSTRAINT ledger_transactions_hold_unique,
      DROP COLUMN hold_id
  `);
  await db.raw(`
    ALTER TABLE accounts
      DROP CONSTRAINT accounts_customer_available_check,
      DROP CONSTRAINT accounts_pending_balance_check,
      DROP COLUMN pending_balance
  `);
  await db.schema.dropTable('holds');
}

/** The update guard of 20261203200100_add_payout_state, over the given immutable columns. */
async function guardUpdates(db: Knex, immutable: string[]): Promise<void> {
  const columns = (row: string) => immutable.map((c) => `${row}.${c}`).join(', ');
  await db.raw(`
    CREATE OR REPLACE FUNCTION ledger_transactions_guard_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (${columns('NEW')}) IS NOT DISTINCT FROM (${columns('OLD')})
         AND ((OLD.gateway_reference IS NULL AND NEW.gateway_reference IS NOT NULL AND NEW.payout_state = 'paid')
              OR (OLD.gateway_reference IS NOT DISTINCT FROM NEW.gateway_reference
                  AND OLD.payout_state = 'awaiting' AND NEW.payout_state = 'returned')) THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'ledger_transactions rows are immutable; correct them with a reversal' USING ERRCODE = 'restrict_violation';
    END $$
  `);
}

/**
 * ledger_post_transfer of 20261203100100 (withHolds false, as it was), or with holds: before the
 * source's debit, its expired holds are released (the source row is locked by that step, still in
 * ascending account order), and the debit tests the available balance. A refusal's savepoint also
 * undoes that release: the holds stay pending rows, and read as expired all the same.
 */
function postTransferFunction(withHolds: boolean): string {
  const debit = `
          ${withHolds ? 'PERFORM ledger_expire_holds(p_from, p_now);' : ''}
          UPDATE accounts SET balance = balance - p_amount, updated_at = p_now
           WHERE id = p_from AND kind = 'customer' AND currency = p_currency AND status = 'active'
             AND ${withHolds ? 'balance - pending_balance' : 'balance'} >= p_amount
           RETURNING balance INTO v_from;
          IF v_from IS NULL THEN v_refused := p_from; RAISE EXCEPTION USING ERRCODE = 'FC001'; END IF;`;
  return `
    CREATE OR REPLACE FUNCTION ledger_post_transfer(
      p_id uuid, p_from uuid, p_to uuid, p_currency text, p_amount bigint, p_description text, p_now timestamptz
    ) RETURNS TABLE (refused_account uuid, from_balance bigint, to_balance bigint)
    LANGUAGE plpgsql AS $$
    DECLARE
      v_from bigint;
      v_to bigint;
      v_refused uuid;
    BEGIN
      BEGIN
        IF p_from < p_to THEN${debit}
        END IF;
        UPDATE accounts SET balance = balance + p_amount, updated_at = p_now
         WHERE id = p_to AND kind = 'customer' AND currency = p_currency AND status <> 'closed'
         RETURNING balance INTO v_to;
        IF v_to IS NULL THEN v_refused := p_to; RAISE EXCEPTION USING ERRCODE = 'FC001'; END IF;
        IF p_from > p_to THEN${debit}
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
  `;
}

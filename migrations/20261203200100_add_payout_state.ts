import type { Knex } from 'knex';

/**
 * A gateway debit (withdrawal, refund) says where its money is: `awaiting` the gateway's answer,
 * `paid` out (the gateway's reference is recorded with it), or `returned` to the account by a
 * reversal after the call certainly failed. Every other type has none (NULL), so the transfers
 * that ledger_post_transfer inserts need no change. Existing rows take the state their columns
 * imply. The update guard lets the state move only forward, in the statement that records the
 * reference (awaiting or returned → paid) or the put-back (awaiting → returned); a paid debit that
 * is also reversed is the integrity check's PAYOUT_STATE_MISMATCH, never silently rewritten.
 */
const IMMUTABLE = ['id', 'type', 'description', 'reverses_id', 'refunds_id', 'gateway_key', 'created_at'];

export async function up(db: Knex): Promise<void> {
  await db.raw("ALTER TABLE ledger_transactions ADD COLUMN payout_state text");
  // The guard refuses every update of these rows; the backfill is the one exception.
  await db.raw('ALTER TABLE ledger_transactions DISABLE TRIGGER ledger_transactions_immutable');
  await db.raw(`
    UPDATE ledger_transactions t
       SET payout_state = CASE
             WHEN t.gateway_reference IS NOT NULL THEN 'paid'
             WHEN EXISTS (SELECT 1 FROM ledger_transactions r WHERE r.reverses_id = t.id) THEN 'returned'
             ELSE 'awaiting'
           END
     WHERE t.type IN ('withdrawal', 'refund')
  `);
  await db.raw('ALTER TABLE ledger_transactions ENABLE TRIGGER ledger_transactions_immutable');
  await db.raw(`
    ALTER TABLE ledger_transactions
      ADD CONSTRAINT ledger_transactions_payout_state_check CHECK (payout_state IN ('awaiting', 'paid', 'returned')),
      ADD CONSTRAINT ledger_transactions_payout_state_type_check
        CHECK ((type IN ('withdrawal', 'refund')) = (payout_state IS NOT NULL)),
      ADD CONSTRAINT ledger_transactions_payout_paid_check
        CHECK (type NOT IN ('withdrawal', 'refund') OR (payout_state = 'paid') = (gateway_reference IS NOT NULL))
  `);
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

export async function down(db: Knex): Promise<void> {
  // The guard of 20261202300100_add_refunds_and_sweeps: only the reference may be set, once.
  await db.raw(`
    CREATE OR REPLACE FUNCTION ledger_transactions_guard_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.gateway_reference IS NULL AND NEW.gateway_reference IS NOT NULL
         AND (${columns('NEW')}) IS NOT DISTINCT FROM (${columns('OLD')}) THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'ledger_transactions rows are immutable; correct them with a reversal' USING ERRCODE = 'restrict_violation';
    END $$
  `);
  await db.raw(`
    ALTER TABLE ledger_transactions
      DROP CONSTRAINT ledger_transactions_payout_paid_check,
      DROP CONSTRAINT ledger_transactions_payout_state_type_check,
      DROP CONSTRAINT ledger_transactions_payout_state_check,
      DROP COLUMN payout_state
  `);
}

function columns(row: string): string {
  return IMMUTABLE.map((c) => `${row}.${c}`).join(', ');
}

import type { Knex } from 'knex';

/**
 * A withdrawal reserves its money with a hold while the payout runs (kind `withdrawal`), and posts
 * the `withdrawal` transaction only when the gateway has paid, naming the hold it captures. Such a
 * hold has no destination account (the money leaves through the gateway) and no expiry: it
 * resolves when the payout's outcome is known, never by the clock, since money that may have been
 * paid out must stay reserved. A hold of kind `transfer` is the two-phase transfer of
 * 20261204100100, unchanged.
 *
 * The `hold.expired` event the database writes carries the hold's kind, as the API presents it
 * (only transfer holds expire).
 *
 * The idempotency record's first step is now a hold (a withdrawal) or a ledger transaction (a
 * refund, or a withdrawal debited before this change), so `recovery_transaction_id` loses its
 * foreign key: it is written in the same transaction as the step it names. The column keeps its
 * name, so that instances of the previous release still serving during a rolling upgrade keep
 * working.
 *
 * The database ties a hold to what posts it: a `capture` names a transfer hold, a `withdrawal` a
 * withdrawal's, and a withdrawal's hold is captured whole.
 */
/** ledger_expire_holds of 20261204400100_record_hold_expiry_events, its event with or without the kind. */
function expireHolds(withKind: boolean): string {
  return `
    CREATE OR REPLACE FUNCTION ledger_expire_holds(p_account uuid, p_now timestamptz) RETURNS integer
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
        RETURNING *
      ), recorded AS (
        INSERT INTO outbox_events (id, type, ordering_keys, occurred_at, data)
        SELECT gen_random_uuid(), 'hold.expired', ARRAY[e.from_account_id::text, e.to_account_id::text], p_now,
               jsonb_build_object(
                 'id', e.id, ${withKind ? "'kind', e.kind, " : ''}'fromAccountId', e.from_account_id, 'toAccountId', e.to_account_id,
                 'amount', e.amount, 'currency', e.currency, 'capturedAmount', NULL, 'status', 'expired',
                 'description', e.description, 'expiresAt', json_timestamp(e.expires_at), 'createdAt', json_timestamp(e.created_at),
                 'resolvedAt', json_timestamp(e.expires_at), 'captureTransactionId', NULL)
          FROM expired e
      )
      SELECT coalesce(sum(amount), 0), count(*) INTO v_released, v_count FROM expired;
      IF v_released > 0 THEN
        UPDATE accounts SET pending_balance = pending_balance - v_released WHERE id = p_account;
      END IF;
      RETURN v_count;
    END $$`;
}

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    ALTER TABLE holds
      ADD COLUMN kind text NOT NULL DEFAULT 'transfer',
      ALTER COLUMN to_account_id DROP NOT NULL,
      ALTER COLUMN expires_at DROP NOT NULL,
      DROP CONSTRAINT holds_expiry_check,
      ADD CONSTRAINT holds_expiry_check CHECK (expires_at IS NULL OR expires_at > created_at),
      ADD CONSTRAINT holds_kind_check CHECK (
        kind IN ('transfer', 'withdrawal')
        AND (kind = 'withdrawal') = (to_account_id IS NULL)
        AND (kind = 'withdrawal') = (expires_at IS NULL))
  `);
  await db.raw(`ALTER TABLE holds ADD CONSTRAINT holds_withdrawal_whole_check CHECK (kind <> 'withdrawal' OR captured_amount IS NULL OR captured_amount = amount)`);
  await db.raw(`
    ALTER TABLE ledger_transactions
      DROP CONSTRAINT ledger_transactions_capture_check,
      ADD CONSTRAINT ledger_transactions_capture_check
        CHECK ((type = 'capture' AND hold_id IS NOT NULL) OR (type = 'withdrawal') OR (hold_id IS NULL))
  `);
  // Only rows naming a hold pay for the look-up: transfers, deposits and the rest name none.
  await db.raw(`
    CREATE FUNCTION ledger_transactions_hold_kind() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM holds h WHERE h.id = NEW.hold_id
                        AND h.kind = CASE NEW.type WHEN 'capture' THEN 'transfer' ELSE 'withdrawal' END) THEN
        RAISE EXCEPTION 'a % transaction cannot post hold %', NEW.type, NEW.hold_id
          USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transactions_hold_kind_check';
      END IF;
      RETURN NEW;
    END $$
  `);
  await db.raw(`
    CREATE TRIGGER ledger_transactions_hold_kind BEFORE INSERT ON ledger_transactions
      FOR EACH ROW WHEN (NEW.hold_id IS NOT NULL) EXECUTE FUNCTION ledger_transactions_hold_kind()
  `);
  await db.raw(expireHolds(true));
  await db.raw('ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_recovery_transaction_id_foreign');
}

export async function down(db: Knex): Promise<void> {
  // The older schema cannot hold a withdrawal made on a hold (nor an idempotency record naming
  // one): once any exists, this migration is one-way.
  const { rows } = await db.raw<{ rows: unknown[] }>(`SELECT 1 FROM holds WHERE kind = 'withdrawal' LIMIT 1`);
  if (rows.length > 0) throw new Error('withdrawals have been made on holds: 20261205100100_withdrawals_as_holds cannot be rolled back');
  await db.raw(`
    ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_recovery_transaction_id_foreign
      FOREIGN KEY (recovery_transaction_id) REFERENCES ledger_transactions (id)
  `);
  await db.raw(`
    ALTER TABLE ledger_transactions
      DROP CONSTRAINT ledger_transactions_capture_check,
      ADD CONSTRAINT ledger_transactions_capture_check CHECK ((type = 'capture') = (hold_id IS NOT NULL))
  `);
  await db.raw('DROP TRIGGER ledger_transactions_hold_kind ON ledger_transactions');
  await db.raw('DROP FUNCTION ledger_transactions_hold_kind()');
  await db.raw(expireHolds(false));
  await db.raw(`
    ALTER TABLE holds
      DROP CONSTRAINT holds_withdrawal_whole_check,
      DROP CONSTRAINT holds_kind_check,
      DROP CONSTRAINT holds_expiry_check,
      ADD CONSTRAINT holds_expiry_check CHECK (expires_at > created_at),
      ALTER COLUMN expires_at SET NOT NULL,
      ALTER COLUMN to_account_id SET NOT NULL,
      DROP COLUMN kind
  `);
}

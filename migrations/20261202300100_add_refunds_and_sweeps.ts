import type { Knex } from 'knex';

/**
 * Two more kinds of ledger transaction. `refund`: a deposit's charge paid back through the gateway;
 * it names the deposit it refunds (refunds_id), so that what is left to refund is always the
 * deposit less its refunds. `sweep`: a closed account's balance moved to another account of its
 * owner. The guard on updates keeps refunds_id immutable like every other column.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('ledger_transactions', (t) => {
    t.uuid('refunds_id').nullable().references('id').inTable('ledger_transactions');
  });
  await db.raw(`
    ALTER TABLE ledger_transactions
      DROP CONSTRAINT ledger_transactions_type_check,
      ADD CONSTRAINT ledger_transactions_type_check CHECK (type IN ('deposit', 'withdrawal', 'transfer', 'reversal', 'refund', 'sweep')),
      ADD CONSTRAINT ledger_transactions_refund_check CHECK ((type = 'refund') = (refunds_id IS NOT NULL))
  `);
  await db.raw('CREATE INDEX ledger_transactions_refunds_idx ON ledger_transactions (refunds_id) WHERE refunds_id IS NOT NULL');
  await guardUpdates(db, ['id', 'type', 'description', 'reverses_id', 'refunds_id', 'gateway_key', 'created_at']);
}

export async function down(db: Knex): Promise<void> {
  await guardUpdates(db, ['id', 'type', 'description', 'reverses_id', 'gateway_key', 'created_at']);
  await db.raw('DROP INDEX ledger_transactions_refunds_idx');
  await db.raw(`
    ALTER TABLE ledger_transactions
      DROP CONSTRAINT ledger_transactions_refund_check,
      DROP CONSTRAINT ledger_transactions_type_check,
      ADD CONSTRAINT ledger_transactions_type_check CHECK (type IN ('deposit', 'withdrawal', 'transfer', 'reversal'))
  `);
  await db.schema.alterTable('ledger_transactions', (t) => {
    t.dropColumn('refunds_id');
  });
}

/** The one change allowed on a transaction: recording, once, the gateway's id of a payout or refund made after its debit. */
async function guardUpdates(db: Knex, immutable: string[]): Promise<void> {
  const columns = (row: string) => immutable.map((c) => `${row}.${c}`).join(', ');
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
}

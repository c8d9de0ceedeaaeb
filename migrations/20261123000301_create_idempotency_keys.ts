import type { Knex } from 'knex';

/**
 * Idempotency keys live in the database, not in memory, so that every instance sharing it agrees:
 * the unique (scope, key) index decides which attempt runs, and the outcome is written in the same
 * transaction as the ledger change it describes.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('idempotency_keys', (t) => {
    t.bigIncrements('id').primary();
    t.string('scope', 200).notNullable();
    t.string('key', 255).notNullable();
    t.string('method', 10).notNullable();
    t.string('path', 2048).notNullable();
    t.string('request_hash', 64).notNullable();
    t.string('status', 16).notNullable();
    // The attempt holding the key, and until when; a lapsed hold (a crashed attempt) is taken over.
    t.uuid('lock_token').nullable();
    t.timestamp('locked_until', { useTz: true }).nullable();
    // A committed first step (a withdrawal's debit) that a takeover resumes from instead of repeating.
    t.uuid('recovery_transaction_id').nullable().references('id').inTable('ledger_transactions');
    t.smallint('response_status').nullable();
    t.text('response_body').nullable();
    t.string('response_location', 2048).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('completed_at', { useTz: true }).nullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.unique(['scope', 'key'], { indexName: 'idempotency_keys_scope_key_unique' });
  });
  await db.raw(`
    ALTER TABLE idempotency_keys
      ADD CONSTRAINT idempotency_keys_status_check CHECK (status IN ('in_progress', 'completed')),
      ADD CONSTRAINT idempotency_keys_response_check CHECK (status = 'in_progress' OR (response_status IS NOT NULL AND response_body IS NOT NULL))
  `);
  await db.raw('CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at)');
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('idempotency_keys');
}

import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('service_clients', (t) => {
    t.string('client_id', 64).primary();
    // SHA-256 (hex) of a 256-bit random secret; the secret itself is shown once at creation.
    t.string('secret_hash', 64).notNullable();
    t.string('name', 100).notNullable();
    t.specificType('scopes', 'text[]').notNullable();
    t.boolean('is_active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('service_clients');
}

import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  // One row per principal ('user:7', 'service:svc_x') whose sessions were ever ended. Every access
  // token carries the version current when it was issued; bumping it ends every token issued before.
  // A principal without a row is at version 0.
  await db.schema.createTable('session_versions', (t) => {
    t.string('principal', 80).primary();
    t.integer('version').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('session_versions');
}

import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  // One family per login; every rotated token joins its family. Revocation is recorded here, once,
  // and refresh locks this row so that rotations and revocations of one family never interleave.
  await db.schema.createTable('refresh_token_families', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.string('revoked_reason', 32).nullable();
  });
  await db.raw('CREATE INDEX refresh_token_families_live_user_idx ON refresh_token_families (user_id) WHERE revoked_at IS NULL');

  await db.schema.createTable('refresh_tokens', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('family_id').notNullable().references('id').inTable('refresh_token_families').onDelete('CASCADE');
    // SHA-256 (hex) of the opaque token: the token has 256 random bits, so a fast digest is enough.
    t.string('token_hash', 64).notNullable().unique('refresh_tokens_token_hash_unique');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['family_id'], 'refresh_tokens_family_idx');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('refresh_tokens');
  await db.schema.dropTable('refresh_token_families');
}

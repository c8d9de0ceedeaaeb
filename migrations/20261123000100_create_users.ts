import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('users', (t) => {
    t.increments('id').primary();
    t.string('cpf', 11).notNullable().unique('users_cpf_unique');
    t.string('name', 100).notNullable();
    // Stored lower-cased by the Email value object; the unique index makes that case-insensitive.
    t.string('email', 254).notNullable().unique('users_email_unique');
    t.text('password_hash').nullable();
    t.string('role', 16).notNullable().defaultTo('customer');
    t.boolean('is_active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw(`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('customer', 'admin'))`);
  await db.raw(`ALTER TABLE users ADD CONSTRAINT users_email_lower_check CHECK (email = lower(email))`);
  await db.raw(`ALTER TABLE users ADD CONSTRAINT users_cpf_digits_check CHECK (cpf ~ '^[0-9]{11}$')`);
  // Listing active users pages by id.
  await db.raw('CREATE INDEX users_active_id_idx ON users (id) WHERE is_active');
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('users');
}

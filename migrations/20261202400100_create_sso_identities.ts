import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  // Whether an admin or a service vouched for the person behind the CPF and e-mail (they created the
  // user). Only then may a first SSO login be linked on the strength of those attributes alone.
  await db.schema.alterTable('users', (t) => {
    t.boolean('identity_verified').notNullable().defaultTo(false);
  });
  // Existing admins were made by an admin, the CLI or the first start: nobody can give themself the role.
  await db('users').where({ role: 'admin' }).update({ identity_verified: true });

  // An SSO login is trusted only through one of these links: the provider's (issuer, subject) is
  // stable and its own, unlike an e-mail or a CPF that anyone may type in at sign-up.
  await db.schema.createTable('sso_identities', (t) => {
    t.string('issuer', 2048).notNullable();
    t.string('subject', 255).notNullable();
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.primary(['issuer', 'subject'], { constraintName: 'sso_identities_pkey' });
    t.index(['user_id', 'issuer'], 'sso_identities_user_issuer_idx');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('sso_identities');
  await db.schema.alterTable('users', (t) => {
    t.dropColumn('identity_verified');
  });
}

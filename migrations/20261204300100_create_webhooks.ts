import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  // The secret signs every delivery, so it is kept as issued (not hashed); it is shown once, at
  // registration, and never selected by the listing queries' presenters.
  await db.schema.createTable('webhook_endpoints', (t) => {
    t.uuid('id').primary();
    t.string('url', 2048).notNullable();
    t.specificType('event_types', 'text[]').notNullable();
    t.string('secret', 100).notNullable();
    t.string('status', 16).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.string('created_by', 80).notNullable();
    t.index(['created_at', 'id']);
  });
  await db.raw(`ALTER TABLE webhook_endpoints ADD CONSTRAINT webhook_endpoints_status_check CHECK (status IN ('active', 'disabled'))`);
  await db.raw(`ALTER TABLE webhook_endpoints ADD CONSTRAINT webhook_endpoints_event_types_check CHECK (cardinality(event_types) > 0)`);

  await db.schema.createTable('webhook_deliveries', (t) => {
    t.uuid('id').primary();
    t.uuid('endpoint_id').notNullable().references('id').inTable('webhook_endpoints');
    t.uuid('event_id').notNullable();
    t.string('event_type', 100).notNullable();
    t.bigInteger('position').notNullable();
    t.jsonb('payload').notNullable();
    t.string('status', 16).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true }).notNullable();
    t.timestamp('first_attempt_at', { useTz: true });
    t.integer('last_status_code');
    t.string('last_error', 200);
    t.timestamp('delivered_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable();
    // An event handed over again (the dispatcher crashed before its commit) is not queued twice.
    t.unique(['endpoint_id', 'event_id']);
    // The claim: due pending rows, and "is an earlier one of this endpoint still pending?".
    t.index(['endpoint_id', 'status', 'position']);
    t.index(['status', 'next_attempt_at']);
  });
  await db.raw(`ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_status_check CHECK (status IN ('pending', 'delivered', 'failed'))`);
  await db.raw(`ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_attempts_check CHECK (attempts >= 0)`);
  await db.raw(
    `ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_delivered_check CHECK ((status = 'delivered') = (delivered_at IS NOT NULL))`,
  );
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('webhook_deliveries');
  await db.schema.dropTable('webhook_endpoints');
}

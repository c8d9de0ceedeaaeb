import type { Knex } from 'knex';

/**
 * The transactional outbox. A change inserts its events in its own transaction (`seq` is taken at
 * INSERT). The dispatcher, holding the one row of `outbox_dispatcher`, stamps committed events
 * without a `position` in `seq` order from `last_position`, hands them to the subscribers and
 * marks `published_at` once NATS acknowledged them. A row is never deleted or changed otherwise:
 * the guard lets `position` be set once and `published_at` once, after it.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`
    CREATE TABLE outbox_events (
      seq bigserial PRIMARY KEY,
      id uuid NOT NULL UNIQUE,
      type text NOT NULL CHECK (type ~ '^(transaction|hold|account|user)\\.[a-z_.]+$'),
      ordering_keys text[] NOT NULL,
      occurred_at timestamptz NOT NULL,
      data jsonb NOT NULL,
      position bigint UNIQUE CHECK (position > 0),
      published_at timestamptz,
      CHECK (published_at IS NULL OR position IS NOT NULL)
    )
  `);
  // What the dispatcher looks for: the oldest unpositioned events, the oldest unpublished ones.
  await db.raw('CREATE INDEX outbox_events_unpositioned ON outbox_events (seq) WHERE position IS NULL');
  await db.raw('CREATE INDEX outbox_events_unpublished ON outbox_events (position) WHERE position IS NOT NULL AND published_at IS NULL');
  await db.raw(`
    CREATE FUNCTION outbox_events_guard_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (NEW.seq, NEW.id, NEW.type, NEW.ordering_keys, NEW.occurred_at, NEW.data)
           IS DISTINCT FROM (OLD.seq, OLD.id, OLD.type, OLD.ordering_keys, OLD.occurred_at, OLD.data)
         OR (OLD.position IS NOT NULL AND NEW.position IS DISTINCT FROM OLD.position)
         OR (OLD.published_at IS NOT NULL AND NEW.published_at IS DISTINCT FROM OLD.published_at) THEN
        RAISE EXCEPTION 'an outbox event only gains its position and its publication' USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$
  `);
  await db.raw(`
    CREATE TRIGGER outbox_events_immutable BEFORE UPDATE ON outbox_events
      FOR EACH ROW EXECUTE FUNCTION outbox_events_guard_update()
  `);
  await db.raw(`
    CREATE TABLE outbox_dispatcher (
      id smallint PRIMARY KEY CHECK (id = 1),
      last_position bigint NOT NULL CHECK (last_position >= 0)
    )
  `);
  await db.raw('INSERT INTO outbox_dispatcher (id, last_position) VALUES (1, 0)');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('DROP TABLE outbox_dispatcher');
  await db.raw('DROP TABLE outbox_events');
  await db.raw('DROP FUNCTION outbox_events_guard_update()');
}

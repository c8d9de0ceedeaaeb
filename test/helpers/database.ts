import { expect } from 'chai';
import type { Knex } from 'knex';
import { type DatabaseOptions, createKnex } from '../../src/infra/database/knex/knex.factory';

/** The run's PostgreSQL database when TEST_DATABASE_URL is set, else a fresh in-memory PGlite. */
export function testDatabaseOptions(): DatabaseOptions {
  const url = process.env.FINCORE_TEST_RUN_DATABASE_URL;
  return url ? { url, embeddedDir: 'memory', poolSize: 10 } : { embeddedDir: 'memory', poolSize: 1 };
}

// TEST_DATABASE_URL, not the run database's URL: that one is set only by the root beforeAll hook,
// after mocha has already defined (and chosen to skip or run) every test.
export const usingPostgres = (): boolean => Boolean(process.env.TEST_DATABASE_URL);

/** A migrated database for infra tests; close it with `db.destroy()`. */
export async function createTestDatabase(): Promise<Knex> {
  const db = createKnex(testDatabaseOptions());
  await db.migrate.latest();
  return db;
}

/** Empties every table (the PostgreSQL database is shared by the whole run), keeping the schema. */
export async function resetDatabase(db: Knex): Promise<void> {
  const { rows } = await db.raw<{ rows: { tablename: string }[] }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT LIKE 'knex_migrations%'`,
  );
  if (rows.length === 0) return;
  await db.raw(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
}

export interface MigratedDatabase {
  /** The connection; valid inside hooks and tests (a `before` hook opens it). */
  readonly db: Knex;
}

/**
 * The set-up of a repository test: one migrated database for the file, closed after it, every table
 * emptied before each test. Call it inside `describe`; the test's own hooks run after these.
 * Each test still makes its own `KnexDbContext`: a context holds the open transaction.
 */
export function useMigratedDatabase(): MigratedDatabase {
  let db: Knex | undefined;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => {
    await db?.destroy();
  });
  beforeEach(async () => {
    await resetDatabase(db!);
  });
  return {
    get db() {
      return db ?? expect.fail('the database opens in a before hook: use it inside hooks and tests');
    },
  };
}

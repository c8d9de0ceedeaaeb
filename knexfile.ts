/**
 * For the knex CLI against PostgreSQL (`DATABASE_URL`): `npm run knex -- migrate:status`.
 * It reuses the app's knex factory and migration source, so the CLI sees exactly the migrations
 * the server runs. The embedded database is migrated with `npm run cli -- migrate` instead.
 */
import 'dotenv/config';
import type { Knex } from 'knex';
import { loadSettings } from './src/config/settings';
import { createKnex } from './src/infra/database/knex/knex.factory';
import { FileMigrationSource } from './src/infra/database/knex/migration-source';

const settings = loadSettings();
if (!settings.databaseUrl) {
  throw new Error('knexfile.ts needs DATABASE_URL (PostgreSQL); for the embedded database use `npm run cli -- migrate`');
}

// The knex CLI prints pending migrations by their `file` property, which plain names lack.
const source = new FileMigrationSource();
const migrationSource: Knex.MigrationSource<{ file: string }> = {
  getMigrations: async () => (await source.getMigrations()).map((file) => ({ file })),
  getMigrationName: ({ file }) => source.getMigrationName(file),
  getMigration: ({ file }) => source.getMigration(file),
};

const base = createKnex({ url: settings.databaseUrl, embeddedDir: '', poolSize: 2 }).client.config as Knex.Config;

export default { ...base, migrations: { ...base.migrations, migrationSource } } satisfies Knex.Config;

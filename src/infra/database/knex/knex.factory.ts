import fs from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import type ClientPgLiteClass from 'knex-pglite';
import type { Logger } from 'pino';
import { knexLog } from './knex-log';
import { FileMigrationSource } from './migration-source';

export interface DatabaseOptions {
  /** `postgres://...`; when absent the embedded PGlite database is used. */
  url?: string;
  /** Where the embedded database keeps its files; `memory` keeps it in memory (tests). */
  embeddedDir: string | 'memory';
  poolSize: number;
}

export const EMBEDDED_IN_MEMORY = 'memory';

/** PGlite and its WebAssembly build are loaded only when the embedded database is used (16 MiB a PostgreSQL deployment never pays). */
function pgliteClient(): typeof ClientPgLiteClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('knex-pglite') as typeof ClientPgLiteClass;
}

/** The one place that decides between real PostgreSQL and embedded PGlite. */
export function createKnex(options: DatabaseOptions, logger?: Logger): Knex {
  const migrations = { migrationSource: new FileMigrationSource(), tableName: 'knex_migrations' };
  const log = logger ? { log: knexLog(logger) } : {};
  if (options.url) {
    return knex({
      client: 'pg',
      connection: options.url,
      pool: { min: 0, max: options.poolSize },
      acquireConnectionTimeout: 10_000,
      migrations,
      ...log,
    });
  }
  if (options.embeddedDir !== EMBEDDED_IN_MEMORY) fs.mkdirSync(options.embeddedDir, { recursive: true });
  return knex({
    client: pgliteClient(),
    dialect: 'postgres',
    // PGlite is a single connection; knex-pglite fixes the pool at one and queues the rest.
    connection: options.embeddedDir === EMBEDDED_IN_MEMORY ? {} : { filename: path.resolve(options.embeddedDir) },
    acquireConnectionTimeout: 30_000,
    migrations,
    ...log,
  } as Knex.Config);
}

export function isEmbedded(db: Knex): boolean {
  return db.client.config.client !== 'pg';
}

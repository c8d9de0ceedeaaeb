import fs from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import type ClientPgLiteClass from 'knex-pglite';
import type { Logger } from 'pino';
import { FileMigrationSource } from './migration-source';

export interface DatabaseOptions {
  /** `postgres://...`; when absent the embedded PGlite database is used. */
  url?: string;
  /** Where the embedded database keeps its files; `memory` keeps it in memory (tests). */
  embeddedDir: string | 'memory';
  poolSize: number;
}

/**
 * Bounds on a request's database work (the server's; the CLI and migrations run without them).
 * On PostgreSQL the lock and statement timeouts are startup parameters of every connection, so
 * they hold for every statement, inside a transaction or not, without a `SET` round trip.
 */
export interface DatabaseTuning {
  lockTimeoutMs: number;
  statementTimeoutMs: number;
  /** How long a request waits for a pooled connection (or for a new one to open). */
  acquireTimeoutMs: number;
  /** knex's own warnings go through it, one JSON line each, instead of plain text on stderr. */
  logger?: Logger;
}

export const EMBEDDED_IN_MEMORY = 'memory';

/** PGlite and its WebAssembly build are loaded only when the embedded database is used (16 MiB a PostgreSQL deployment never pays). */
function pgliteClient(): typeof ClientPgLiteClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('knex-pglite') as typeof ClientPgLiteClass;
}

/** The one place that decides between real PostgreSQL and embedded PGlite. */
export function createKnex(options: DatabaseOptions, tuning?: DatabaseTuning): Knex {
  const migrations = { migrationSource: new FileMigrationSource(), tableName: 'knex_migrations' };
  const log = tuning?.logger ? knexLog(tuning.logger) : undefined;
  if (options.url) {
    return knex({
      client: 'pg',
      connection: tuning ? pgConnection(options.url, tuning) : options.url,
      pool: { min: 0, max: options.poolSize },
      acquireConnectionTimeout: tuning?.acquireTimeoutMs ?? 10_000,
      migrations,
      ...(log ? { log } : {}),
    });
  }
  if (options.embeddedDir !== EMBEDDED_IN_MEMORY) fs.mkdirSync(options.embeddedDir, { recursive: true });
  // No lock or statement timeout here: PGlite is one in-process session, so no other session
  // can hold a lock we would wait for, and a statement cannot be interrupted from outside.
  return knex({
    client: pgliteClient(),
    dialect: 'postgres',
    // PGlite is a single connection; knex-pglite fixes the pool at one and queues the rest.
    connection: options.embeddedDir === EMBEDDED_IN_MEMORY ? {} : { filename: path.resolve(options.embeddedDir) },
    acquireConnectionTimeout: 30_000,
    migrations,
    ...(log ? { log } : {}),
  } as Knex.Config);
}

/**
 * A pool of one connection for the readiness probe, apart from the requests' pool: a pool full of
 * requests waiting on a locked row must not make the instance look down, while a database that
 * does not answer still does. PGlite has one connection only, so there the probe shares it.
 */
export function createProbeKnex(options: DatabaseOptions, db: Knex, timeoutMs: number, logger?: Logger): Knex {
  if (!options.url) return db;
  return knex({
    ...(logger ? { log: knexLog(logger) } : {}),
    client: 'pg',
    connection: { connectionString: options.url, connectionTimeoutMillis: timeoutMs, application_name: 'fincore-readiness', options: `-c statement_timeout=${timeoutMs}` },
    pool: { min: 0, max: 1 },
    acquireConnectionTimeout: timeoutMs,
  });
}

function pgConnection(url: string, tuning: DatabaseTuning): Knex.PgConnectionConfig {
  return {
    connectionString: url,
    // A connect that hangs (a black-holed address) counts against the same bound as a full pool.
    connectionTimeoutMillis: tuning.acquireTimeoutMs,
    application_name: 'fincore',
    options: `-c lock_timeout=${tuning.lockTimeoutMs} -c statement_timeout=${tuning.statementTimeoutMs}`,
  };
}

/**
 * knex prints warnings as multi-line plain text with stacks (one per failed connection attempt
 * during an outage). Here each is one line: failed acquires at debug, since the database monitor
 * already logs the outage once, the rest at warn, first line only.
 */
function knexLog(logger: Logger): Knex.Config['log'] {
  const firstLine = (message: unknown) => String(message instanceof Error ? message.message : message).split('\n')[0];
  return {
    warn: (message: unknown) => {
      const text = firstLine(message);
      if (text.startsWith('Acquire connection error')) logger.debug({ knex: text }, 'knex: connection attempt failed');
      else logger.warn({ knex: text }, 'knex warning');
    },
    error: (message: unknown) => logger.error({ knex: firstLine(message) }, 'knex error'),
    deprecate: (method: unknown, alternative: unknown) => logger.warn({ knex: `${String(method)} is deprecated, use ${String(alternative)}` }, 'knex deprecation'),
    debug: (message: unknown) => logger.debug({ knex: firstLine(message) }, 'knex debug'),
  };
}

export function isEmbedded(db: Knex): boolean {
  return db.client.config.client !== 'pg';
}

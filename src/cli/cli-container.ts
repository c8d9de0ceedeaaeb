import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { type FincoreContainer, buildContainer } from '../config/container';
import type { Settings } from '../config/settings';
import type { DatabaseOptions } from '../infra/database/knex/knex.factory';
import { createLogger } from '../infra/platform/logger';

/**
 * The application's own container for one CLI run: a command gets the same use cases, user event
 * handlers and cache invalidation as an HTTP request. Audit lines carry the actor `cli` and go to stderr
 * (stdout carries the command's machine-readable answer). Never migrates: `migrate:rollback`
 * must find the schema as it is. The embedded database serves one process at a time: opening it
 * refuses plainly while a server holds it.
 */
export function openCliContainer(settings: Settings, database?: DatabaseOptions): Promise<FincoreContainer> {
  const logger = createLogger({ level: 'info', name: settings.appName }, pino.destination(2));
  const run = { requestId: randomUUID(), actor: 'cli' };
  return buildContainer(settings, {
    logger,
    database: database ?? { url: settings.databaseUrl, embeddedDir: `${settings.dataDir}/pgdata`, poolSize: 2 },
    auditContext: () => run,
    migrate: false,
  });
}

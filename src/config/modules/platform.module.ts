import { ContainerModule } from 'inversify';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { ICache } from '../../domain/shared/cache.port';
import type { IClock } from '../../domain/shared/clock.port';
import { SHARED_TYPES } from '../../domain/shared/shared.types';
import type { AuditContext } from '../../domain/shared/audit-log.port';
import { PinoAuditLog, auditLogger } from '../../infra/platform/pino-audit.log';
import { KnexDbContext } from '../../infra/database/knex/knex-db-context';
import { KnexUnitOfWork } from '../../infra/database/knex/knex-unit-of-work';
import { INFRA_TYPES } from '../../infra/infra.types';
import type { Settings } from '../settings';
import { CONFIG_TYPES } from './config.types';

export interface PlatformParts {
  settings: Settings;
  logger: Logger;
  db: Knex;
  cache: ICache;
  clock: IClock;
  /** The actor and request id of the request (or CLI run) being served now (the HTTP layer knows how). */
  auditContext(): AuditContext | undefined;
}

/** Singletons: settings, clients, the audit log, the database context and the unit of work. */
export function platformModule(parts: PlatformParts): ContainerModule {
  return new ContainerModule((bind) => {
    bind(CONFIG_TYPES.Settings).toConstantValue(parts.settings);
    bind(INFRA_TYPES.Logger).toConstantValue(parts.logger);
    bind(INFRA_TYPES.Knex).toConstantValue(parts.db);
    bind(SHARED_TYPES.ICache).toConstantValue(parts.cache);
    bind(SHARED_TYPES.IClock).toConstantValue(parts.clock);
    const audit = auditLogger(parts.logger);
    // Asks for the actor and request id at each record, so one instance serves every request.
    bind(SHARED_TYPES.IAuditLog).toConstantValue(new PinoAuditLog(audit, parts.auditContext));
    bind(INFRA_TYPES.CacheTtlSeconds).toConstantValue(parts.settings.redisTtlSeconds);
    // One context: the open transaction follows the work (see KnexDbContext), not the object graph.
    bind(INFRA_TYPES.KnexDbContext).to(KnexDbContext).inSingletonScope();
    bind(SHARED_TYPES.IUnitOfWork).to(KnexUnitOfWork).inSingletonScope();
  });
}

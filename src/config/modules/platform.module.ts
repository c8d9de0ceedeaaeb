import { ContainerModule, type interfaces } from 'inversify';
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
  /** The actor and request id of the request a container serves (the HTTP layer knows how). */
  auditContextOf(container: interfaces.Container): AuditContext | undefined;
}

/** Stateless singletons, plus the request-scoped unit of work every repository of a request shares. */
export function platformModule(parts: PlatformParts): ContainerModule {
  return new ContainerModule((bind) => {
    bind(CONFIG_TYPES.Settings).toConstantValue(parts.settings);
    bind(INFRA_TYPES.Logger).toConstantValue(parts.logger);
    bind(INFRA_TYPES.Knex).toConstantValue(parts.db);
    bind(SHARED_TYPES.ICache).toConstantValue(parts.cache);
    bind(SHARED_TYPES.IClock).toConstantValue(parts.clock);
    const audit = auditLogger(parts.logger);
    // Per request: each request's audit log knows its actor and request id.
    bind(SHARED_TYPES.IAuditLog)
      .toDynamicValue(({ container }) => new PinoAuditLog(audit, parts.auditContextOf(container)))
      .inRequestScope();
    bind(INFRA_TYPES.CacheTtlSeconds).toConstantValue(parts.settings.redisTtlSeconds);
    // Request scope: the unit of work and every repository resolved for one request share one context.
    bind(INFRA_TYPES.KnexDbContext).to(KnexDbContext).inRequestScope();
    bind(SHARED_TYPES.IUnitOfWork).to(KnexUnitOfWork).inRequestScope();
  });
}

import 'reflect-metadata';
import { Container } from 'inversify';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type { AuditContext } from '../domain/shared/audit-log.port';
import type { IClock } from '../domain/shared/clock.port';
import { InMemoryCache } from '../infra/cache/in-memory.cache';
import { RedisCache } from '../infra/cache/redis.cache';
import { createRedisClient } from '../infra/cache/redis.client';
import { RedisConnection } from '../infra/cache/redis.connection';
import { meteredCache } from '../infra/metrics/cache.metrics';
import { acquireEmbeddedLock } from '../infra/database/embedded/embedded-lock';
import { DatabaseMonitor } from '../infra/database/knex/database-monitor';
import { type DatabaseOptions, type DatabaseTuning, createKnex, createProbeKnex } from '../infra/database/knex/knex.factory';
import { ClaimReleases } from '../infra/database/knex/modules/financial/claim-releases';
import { createLogger } from '../infra/platform/logger';
import { INFRA_TYPES } from '../infra/infra.types';
import { SystemClock } from '../infra/platform/system.clock';
import { type KeyMaterial, loadKeyMaterial } from '../infra/security/jwt/key-material';
import { authModule } from './modules/auth.module';
import { financialModule } from './modules/financial.module';
import { eventsModule } from './modules/events.module';
import { platformModule } from './modules/platform.module';
import { userModule } from './modules/user.module';
import { webhookModule } from './modules/webhook.module';
import type { Settings } from './settings';

/** What tests may replace: the outside world and where data lives, never the code under test. */
export interface Overrides {
  logger?: Logger;
  clock?: IClock;
  database?: DatabaseOptions;
  /** Namespace of every Redis key (cache, rate limits): tests sharing one Redis keep apart. */
  redisKeyPrefix?: string;
}

export interface ContainerOptions extends Overrides {
  /** The actor and request id of whatever is being served now: an HTTP request, a CLI run. */
  auditContext(): AuditContext | undefined;
  /** Apply pending migrations before anything is bound (the server and the seed; never the CLI). */
  migrate: boolean;
  /**
   * Bound every statement by DB_LOCK_TIMEOUT_MS / DB_STATEMENT_TIMEOUT_MS (the server: a request
   * must never wait long). The CLI and the seed run without them: `ledger:verify` over a large
   * ledger may take longer than any request should.
   */
  boundStatements?: boolean;
}

/** How long the readiness probe waits for its own connection and query. */
export const READINESS_DB_TIMEOUT_MS = 1000;

/** Every use case, wired once; the HTTP app, the CLI, the seed and the first-admin step all take them from here. */
export interface FincoreContainer {
  settings: Settings;
  container: Container;
  db: Knex;
  logger: Logger;
  keys: KeyMaterial;
  cache: RedisCache | InMemoryCache;
  /** Present when REDIS_URL is set: one connection, so one circuit breaker, for the cache and every rate limit. */
  redis?: RedisConnection;
  redisKeyPrefix: string;
  /** Prometheus registry; business and gateway metrics are registered here by the modules. */
  metrics: Registry;
  /** Outage state and failure events of the database, for metrics and the error handler. */
  databaseMonitor: DatabaseMonitor;
  /** The readiness probe's own connection (the requests' pool on the embedded database). */
  probeDb: Knex;
  /** Background retries of idempotency releases the database refused. */
  claimReleases: ClaimReleases;
  /** Releases the pool, the cache connection and the embedded-database lock. */
  close(): Promise<void>;
}

/** The container part of the composition root: the one place that binds every layer. */
export async function buildContainer(settings: Settings, options: ContainerOptions): Promise<FincoreContainer> {
  // Keys first: a bad key must stop start-up before anything is opened.
  const keys = loadKeyMaterial({
    privateKeyPem: settings.jwtPrivateKey,
    privateKeyFile: settings.jwtPrivateKeyFile,
    publicKeysFile: settings.jwtPublicKeysFile,
    devKeyDir: settings.nodeEnv === 'production' ? undefined : settings.dataDir,
  });
  const logger = options.logger ?? createLogger({ level: settings.logLevel, name: settings.appName });
  const database = options.database ?? { url: settings.databaseUrl, embeddedDir: `${settings.dataDir}/pgdata`, poolSize: settings.dbPoolSize };
  const releaseLock = database.url || database.embeddedDir === 'memory' ? () => undefined : acquireEmbeddedLock(settings.dataDir);
  const tuning: DatabaseTuning | undefined = options.boundStatements
    ? { lockTimeoutMs: settings.dbLockTimeoutMs, statementTimeoutMs: settings.dbStatementTimeoutMs, acquireTimeoutMs: settings.dbAcquireTimeoutMs, logger }
    : undefined;
  const db = createKnex(database, tuning);
  const probeDb = createProbeKnex(database, db, READINESS_DB_TIMEOUT_MS, logger);
  const databaseMonitor = new DatabaseMonitor(logger);
  databaseMonitor.watch(db);
  const claimReleases = new ClaimReleases(logger);
  const redis = settings.redisUrl ? new RedisConnection(createRedisClient(settings.redisUrl, logger), logger) : undefined;
  const redisKeyPrefix = options.redisKeyPrefix ?? settings.redisKeyPrefix;
  const cache = redis ? new RedisCache(redis, logger, redisKeyPrefix) : new InMemoryCache();
  const close = async () => {
    claimReleases.stop();
    if (probeDb !== db) await probeDb.destroy();
    await db.destroy();
    await cache.close();
    releaseLock();
  };

  try {
    if (options.migrate) await migrate(database, db, tuning, logger);
  } catch (error) {
    await close();
    throw error;
  }

  // One registry for the process: the HTTP part adds its own metrics and serves it on /metrics.
  const metrics = new Registry();
  // Every binding of the modules names its scope; the default is for classes bound without one.
  const container = new Container({ skipBaseClassChecks: true, defaultScope: 'Singleton' });
  container.load(
    platformModule({ settings, logger, db, cache: meteredCache(cache, metrics), clock: options.clock ?? new SystemClock(), auditContext: options.auditContext }),
    eventsModule(settings, db, metrics),
    userModule,
    authModule(settings, keys, logger),
    financialModule(settings, logger, metrics),
    webhookModule(settings, logger, metrics),
  );
  container.bind(INFRA_TYPES.ClaimReleases).toConstantValue(claimReleases);
  return { settings, container, db, logger, keys, cache, redis, redisKeyPrefix, metrics, databaseMonitor, probeDb, claimReleases, close };
}

/**
 * Migrations run without the request timeouts (an index build may take longer than any request
 * should): on PostgreSQL through a connection of their own, on PGlite through its one connection.
 */
async function migrate(database: DatabaseOptions, db: Knex, tuning: DatabaseTuning | undefined, logger: Logger): Promise<void> {
  // 0 turns PostgreSQL's lock and statement timeouts off; the logger keeps knex's messages in JSON.
  const unbounded = tuning && database.url ? createKnex({ ...database, poolSize: 1 }, { ...tuning, lockTimeoutMs: 0, statementTimeoutMs: 0 }) : undefined;
  try {
    const [batch, applied] = (await (unbounded ?? db).migrate.latest()) as [number, string[]];
    if (applied.length > 0) logger.info({ batch, migrations: applied }, `migrations applied: ${applied.length}`);
  } finally {
    await unbounded?.destroy();
  }
}

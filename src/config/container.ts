import 'reflect-metadata';
import { Container, type interfaces } from 'inversify';
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
import { type DatabaseOptions, createKnex } from '../infra/database/knex/knex.factory';
import { createLogger } from '../infra/platform/logger';
import { SystemClock } from '../infra/platform/system.clock';
import { type KeyMaterial, loadKeyMaterial } from '../infra/security/jwt/key-material';
import { authModule } from './modules/auth.module';
import { financialModule } from './modules/financial.module';
import { platformModule } from './modules/platform.module';
import { userModule } from './modules/user.module';
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
  /** The actor and request id of whatever a container serves: an HTTP request, a CLI run. */
  auditContextOf(container: interfaces.Container): AuditContext | undefined;
  /** Apply pending migrations before anything is bound (the server and the seed; never the CLI). */
  migrate: boolean;
}

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
  const db = createKnex(database, logger);
  const redis = settings.redisUrl ? new RedisConnection(createRedisClient(settings.redisUrl, logger), logger) : undefined;
  const redisKeyPrefix = options.redisKeyPrefix ?? settings.redisKeyPrefix;
  const cache = redis ? new RedisCache(redis, logger, redisKeyPrefix) : new InMemoryCache();
  const close = async () => {
    await db.destroy();
    await cache.close();
    releaseLock();
  };

  try {
    if (options.migrate) {
      const [batch, applied] = (await db.migrate.latest()) as [number, string[]];
      if (applied.length > 0) logger.info({ batch, migrations: applied }, `migrations applied: ${applied.length}`);
    }
  } catch (error) {
    await close();
    throw error;
  }

  // One registry for the process: the HTTP part adds its own metrics and serves it on /metrics.
  const metrics = new Registry();
  const container = new Container({ skipBaseClassChecks: true });
  container.load(
    platformModule({ settings, logger, db, cache: meteredCache(cache, metrics), clock: options.clock ?? new SystemClock(), auditContextOf: options.auditContextOf }),
    userModule,
    authModule(settings, keys, logger),
    financialModule(settings, logger, metrics),
  );
  return { settings, container, db, logger, keys, cache, redis, redisKeyPrefix, metrics, close };
}

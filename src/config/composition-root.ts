import 'reflect-metadata';
import type { Application as ExpressApp } from 'express';
import { Container } from 'inversify';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { createHttpApp } from '../api/http/create-http-app';
import { httpAuditContext } from '../api/http/http-audit-context';
import type { ReadinessCheck } from '../api/http/health';
import { jwksRouter } from '../api/http/jwks';
import { openApiRouter } from '../api/openapi/openapi.router';
import { authenticate } from '../api/middlewares/authenticate';
import { serializeError } from '../api/middlewares/http-logger';
import { failedAuthenticationLimit } from '../api/middlewares/failed-authentication-limit';
import { rateLimitGuards } from '../api/middlewares/rate-limit';
import type { IAccessTokenVerifier } from '../domain/modules/auth/access-token.port';
import { AUTH_TYPES } from '../domain/modules/auth/auth.types';
import type { ISessionGuard } from '../domain/modules/auth/session-guard.port';
import type { IClock } from '../domain/shared/clock.port';
import { InMemoryCache } from '../infra/cache/in-memory.cache';
import { RedisCache } from '../infra/cache/redis.cache';
import { createRedisClient } from '../infra/cache/redis.client';
import { RedisConnection } from '../infra/cache/redis.connection';
import { registerRedisMetrics } from '../infra/cache/redis.metrics';
import { acquireEmbeddedLock } from '../infra/database/embedded/embedded-lock';
import { type DatabaseOptions, createKnex } from '../infra/database/knex/knex.factory';
import { createLogger } from '../infra/platform/logger';
import { SystemClock } from '../infra/platform/system.clock';
import { loadKeyMaterial } from '../infra/security/jwt/key-material';
import { Lifecycle } from './lifecycle';
import { authModule } from './modules/auth.module';
import { financialModule } from './modules/financial.module';
import { platformModule } from './modules/platform.module';
import { userModule } from './modules/user.module';
import { rateLimitOptions } from './rate-limits';
import type { Settings } from './settings';

/** What tests may replace: the outside world and where data lives, never the code under test. */
export interface Overrides {
  logger?: Logger;
  clock?: IClock;
  database?: DatabaseOptions;
  /** Namespace of every Redis key (cache, rate limits): tests sharing one Redis keep apart. */
  redisKeyPrefix?: string;
}

export interface FincoreApp {
  settings: Settings;
  http: ExpressApp;
  container: Container;
  db: Knex;
  logger: Logger;
  lifecycle: Lifecycle;
  /** Releases the pool, the cache connection and the embedded-database lock. */
  close(): Promise<void>;
}

/** The composition root: the one place that knows every layer. Production and tests both use it. */
export async function buildApplication(settings: Settings, overrides: Overrides = {}): Promise<FincoreApp> {
  // Keys first: a bad key must stop start-up before anything is opened.
  const keys = loadKeyMaterial({
    privateKeyPem: settings.jwtPrivateKey,
    privateKeyFile: settings.jwtPrivateKeyFile,
    publicKeysFile: settings.jwtPublicKeysFile,
    devKeyDir: settings.nodeEnv === 'production' ? undefined : settings.dataDir,
  });
  const logger = overrides.logger ?? createLogger({ level: settings.logLevel, name: settings.appName, serializeError });
  const database = overrides.database ?? { url: settings.databaseUrl, embeddedDir: `${settings.dataDir}/pgdata`, poolSize: settings.dbPoolSize };
  const releaseLock = database.url || database.embeddedDir === 'memory' ? () => undefined : acquireEmbeddedLock(settings.dataDir);
  const db = createKnex(database);
  // One connection, so one circuit breaker, for the cache and every rate-limit store of the process.
  const redis = settings.redisUrl ? new RedisConnection(createRedisClient(settings.redisUrl, logger), logger) : undefined;
  const redisKeyPrefix = overrides.redisKeyPrefix ?? `${settings.appName}:`;
  const cache = redis ? new RedisCache(redis, logger, redisKeyPrefix) : new InMemoryCache();

  try {
    if (settings.autoMigrate) await db.migrate.latest();
  } catch (error) {
    await db.destroy();
    await cache.close();
    releaseLock();
    throw error;
  }

  const container = new Container({ skipBaseClassChecks: true });
  container.load(
    platformModule({ settings, logger, db, cache, clock: overrides.clock ?? new SystemClock(), auditContextOf: httpAuditContext }),
    userModule,
    authModule(settings, keys, logger),
    financialModule(settings, logger),
  );

  const lifecycle = new Lifecycle();
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  if (redis) registerRedisMetrics(metrics, redis);
  // Redis is optional (requests fall back to the database, rate limits fail open): it only warns.
  const checks: ReadinessCheck[] = [
    { name: 'database', check: async () => void (await db.raw('select 1')) },
    { name: 'cache', optional: true, check: () => cache.ping() },
    { name: 'rateLimitStore', optional: true, check: async () => redis?.ping() },
  ];

  const limits = rateLimitOptions(settings, redis, redisKeyPrefix, logger);
  const http = createHttpApp(container, {
    logger,
    metrics,
    corsOrigins: settings.corsOrigins,
    trustProxy: settings.trustProxy,
    formPaths: ['/v1/auth/token'],
    health: { checks, isShuttingDown: () => lifecycle.isShuttingDown(), checkTimeoutMs: 1500, logger },
    isShuttingDown: () => lifecycle.isShuttingDown(),
    publicRouters: [
      jwksRouter(keys.verification.map(({ kid, publicKey }) => ({ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }))),
      openApiRouter({ title: `${settings.appName} API`, version: settings.apiVersion }),
    ],
    guards: [
      authenticate(container.get<IAccessTokenVerifier>(AUTH_TYPES.IAccessTokenVerifier), container.get<ISessionGuard>(AUTH_TYPES.ISessionGuard), {
        protectedPrefix: '/v1/',
        anonymousPaths: ['/v1/users', '/v1/auth/'],
      }),
      // Sees only the requests authentication refused: a token that verifies is never limited by it.
      failedAuthenticationLimit(limits),
      ...rateLimitGuards(limits),
    ],
  });

  return {
    settings,
    http,
    container,
    db,
    logger,
    lifecycle,
    async close() {
      await db.destroy();
      await cache.close();
      releaseLock();
    },
  };
}

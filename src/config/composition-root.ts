import 'reflect-metadata';
import type { Application as ExpressApp } from 'express';
import type { Container } from 'inversify';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { collectDefaultMetrics } from 'prom-client';
import { createHttpApp } from '../api/http/create-http-app';
import { serviceIndexRouter } from '../api/http/service-index';
import { httpAuditContext } from '../api/http/http-audit-context';
import type { ReadinessCheck } from '../api/http/health';
import { jwksRouter } from '../api/http/jwks';
import { metricsApp } from '../api/http/metrics';
import { openApiRouter } from '../api/openapi/openapi.router';
import { authenticate } from '../api/middlewares/authenticate';
import { serializeError } from '../api/middlewares/http-logger';
import { failedAuthenticationLimit } from '../api/middlewares/failed-authentication-limit';
import { rateLimitGuards } from '../api/middlewares/rate-limit';
import type { IAccessTokenVerifier } from '../domain/modules/auth/access-token.port';
import { AUTH_TYPES } from '../domain/modules/auth/auth.types';
import { FINANCIAL_TYPES } from '../domain/modules/financial/financial.types';
import type { IHoldService } from '../domain/modules/financial/hold.service';
import type { ISessionGuard } from '../domain/modules/auth/session-guard.port';
import { registerRedisMetrics } from '../infra/cache/redis.metrics';
import { registerDatabaseMetrics, registerDegradedGauge } from '../infra/database/knex/database.metrics';
import type { DatabaseMonitor } from '../infra/database/knex/database-monitor';
import { createLogger } from '../infra/platform/logger';
import { HoldExpiryJob } from '../infra/services/financial/hold-expiry.job';
import { type Overrides, buildContainer } from './container';
import { Lifecycle } from './lifecycle';
import { warnIfSandboxInProduction } from './modules/financial.module';
import { rateLimitOptions } from './rate-limits';
import { WEBHOOK_WORKER } from './modules/webhook.module';
import type { WebhookDeliveryWorker } from '../infra/services/webhook/webhook-delivery.worker';
import type { Settings } from './settings';

export interface FincoreApp {
  settings: Settings;
  http: ExpressApp;
  /** Serves /metrics alone, when METRICS_PORT asks for its own listener. */
  metricsHttp?: ExpressApp;
  container: Container;
  db: Knex;
  logger: Logger;
  lifecycle: Lifecycle;
  /** Background work of the server process (webhook deliveries); tests drive it themselves instead. */
  startWorkers(): void;
  /** Stops the workers (a run in progress finishes), then releases the pool, the cache connection and the embedded-database lock. */
  close(): Promise<void>;
}

export type { Overrides } from './container';

/** The HTTP part of the composition root, on the container of ./container. Production and tests both use it. */
export async function buildApplication(settings: Settings, overrides: Overrides = {}): Promise<FincoreApp> {
  // A developer at a terminal reads lines; anything else (a pipe, a collector, production) gets JSON.
  const pretty = settings.nodeEnv === 'development' && process.stdout.isTTY === true;
  const logger = overrides.logger ?? createLogger({ level: settings.logLevel, name: settings.appName, serializeError, pretty });
  const core = await buildContainer(settings, { ...overrides, logger, auditContext: httpAuditContext, migrate: settings.autoMigrate, boundStatements: true });
  const { container, db, keys, cache, redis, redisKeyPrefix, metrics, databaseMonitor, probeDb, claimReleases } = core;

  warnIfSandboxInProduction(settings, logger);
  const lifecycle = new Lifecycle();
  collectDefaultMetrics({ register: metrics });
  if (redis) registerRedisMetrics(metrics, redis);
  registerDatabaseMetrics(metrics, db, databaseMonitor, claimReleases);
  registerDegradedGauge(metrics, {
    database: () => databaseMonitor.degraded,
    ...(redis ? { redis: () => redis.circuitState !== 'closed' } : {}),
  });
  // Redis is optional (requests fall back to the database, rate limits fail open): it only warns.
  const checks: ReadinessCheck[] = [
    // Its own connection: a pool full of requests waiting on a locked row is not an outage.
    { name: 'database', check: () => probeDatabase(probeDb, databaseMonitor) },
    { name: 'cache', optional: true, check: () => cache.ping() },
    { name: 'rateLimitStore', optional: true, check: async () => redis?.ping() },
  ];

  const limits = rateLimitOptions(settings, redis, redisKeyPrefix, logger);
  const http = createHttpApp(container, {
    logger,
    metrics,
    serveMetrics: settings.metricsPort === undefined,
    corsOrigins: settings.corsOrigins,
    trustProxy: settings.trustProxy,
    formPaths: ['/v1/auth/token'],
    translateError: (error) => databaseMonitor.translate(error),
    health: { checks, isShuttingDown: () => lifecycle.isShuttingDown(), checkTimeoutMs: 1500, logger },
    isShuttingDown: () => lifecycle.isShuttingDown(),
    publicRouters: [
      jwksRouter(keys.verification.map(({ kid, publicKey }) => ({ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }))),
      openApiRouter({ title: `${settings.appName} API`, version: settings.apiVersion }),
      serviceIndexRouter(settings.appName, settings.apiVersion),
    ],
    guards: [
      authenticate(container.get<IAccessTokenVerifier>(AUTH_TYPES.IAccessTokenVerifier), container.get<ISessionGuard>(AUTH_TYPES.ISessionGuard), {
        protectedPrefix: '/v1/',
        anonymousPaths: ['/v1/users', '/v1/auth/'],
      }),
      // Sees only the requests authentication refused: a token that verifies is never limited by it.
      failedAuthenticationLimit(limits),
      rateLimitGuards(limits),
    ],
  });

  const metricsHttp = settings.metricsPort === undefined ? undefined : metricsApp(metrics);
  // prom-client's GC observer is process-wide and keeps the registry it reports to: emptied here,
  // the registry no longer holds this app's metrics (and through them its database) once closed.
  const holdExpiry = new HoldExpiryJob(container.get<IHoldService>(FINANCIAL_TYPES.IHoldService), logger);
  holdExpiry.start(settings.holdsExpiryIntervalMs);
  const webhookWorker = container.get<WebhookDeliveryWorker>(WEBHOOK_WORKER);
  const close = async () => {
    await holdExpiry.stop();
    await webhookWorker.stop();
    await core.close();
    metrics.clear();
  };
  return { settings, http, metricsHttp, container, db, logger, lifecycle, startWorkers: () => webhookWorker.start(), close };
}

async function probeDatabase(probeDb: Knex, monitor: DatabaseMonitor): Promise<void> {
  try {
    await probeDb.raw('select 1');
    monitor.probed();
  } catch (error) {
    monitor.probed(error);
    throw error;
  }
}

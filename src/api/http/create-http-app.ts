import cors from 'cors';
import express, { type Application, type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import type { interfaces } from 'inversify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import '../controllers';
import { type ErrorTranslator, errorHandlerWith } from '../middlewares/error-handler';
import { httpLogger } from '../middlewares/http-logger';
import { jsonBody } from '../middlewares/json-body';
import { noStore } from '../middlewares/no-store';
import { answerOptions, routeNotFound } from '../middlewares/not-found';
import { requestId } from '../middlewares/request-id';
import { safePath } from '../middlewares/safe-path';
import { controllerRoutes } from './controller-routes';
import { type HealthOptions, healthRouter } from './health';
import { servingRequest } from './http-audit-context';
import { inSeries } from './in-series';
import { metricsRouter } from './metrics';

export interface HttpAppOptions {
  logger: Logger;
  metrics: Registry;
  health: HealthOptions;
  corsOrigins: string[];
  /**
   * Number of reverse proxies (load balancers) in front of us. Only then is X-Forwarded-For read
   * for the client address (rate limits per IP); 0 trusts nobody, so clients cannot spoof it.
   */
  trustProxy?: number;
  /** Public routers mounted before authentication (JWKS, API docs). */
  publicRouters?: Router[];
  /** Paths whose body may also be an HTML form (OAuth 2 token endpoint). */
  formPaths?: string[];
  /**
   * Authentication, rate limiting and the like: run after the public routes, before controllers.
   * An error handler among them sees only the errors of the guards before it.
   */
  guards?: (RequestHandler | ErrorRequestHandler)[];
  /** Infrastructure failures (a database outage) become domain errors here, before they are answered. */
  translateError?: ErrorTranslator;
  /** Set once shutdown begins: responses then ask clients to close their keep-alive connections. */
  isShuttingDown(): boolean;
  /** False when /metrics is served on its own port (METRICS_PORT) instead. */
  serveMetrics?: boolean;
}

const securityHeadersOverHttps = helmet();
// Without upgrade-insecure-requests: over plain HTTP (a dev VM, a Docker host, a port-forward by
// name) a browser would fetch every asset of the page, Swagger UI's included, over https and fail.
const securityHeadersOverHttp = helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });

/** helmet's headers; the CSP asks for https upgrades only when the request came over HTTPS (req.secure honours trust proxy). */
const securityHeaders: RequestHandler = (req, res, next) => (req.secure ? securityHeadersOverHttps : securityHeadersOverHttp)(req, res, next);

/**
 * Builds the Express application. Order matters: request id and logging first, then the routes
 * that must never be authenticated or rate limited (health, metrics, docs), then the guards and
 * controllers, and last the 404/405 and problem+json handlers.
 */
export function createHttpApp(container: interfaces.Container, options: HttpAppOptions): Application {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Routes match exactly, as authentication and the rate limits read paths: /V1/... and
  // /v1/auth/login/ are simply not routes, so no other spelling reaches a route around its limits.
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  app.set('trust proxy', options.trustProxy ?? 0);

  const metrics = metricsRouter(options.metrics);
  const closeWhenShuttingDown: RequestHandler = (_req, res, next) => {
    if (options.isShuttingDown()) res.setHeader('Connection', 'close');
    next();
  };
  const cross = options.corsOrigins.length > 0 ? [cors({ origin: options.corsOrigins, credentials: true, exposedHeaders: ['X-Request-Id', 'Location', 'Retry-After', 'Idempotent-Replayed'] })] : [];
  app.use(inSeries(requestId, httpLogger(options.logger), safePath, closeWhenShuttingDown, metrics.middleware, securityHeaders, ...cross));
  app.use(healthRouter(options.health));
  // With METRICS_PORT the scrape endpoint has its own listener and is not public.
  if (options.serveMetrics !== false) app.use(metrics.router);
  for (const router of options.publicRouters ?? []) app.use(router);
  app.use(inSeries(noStore, jsonBody(options.formPaths), answerOptions(app)));
  for (const guard of options.guards ?? []) app.use(guard);
  app.use(servingRequest);

  app.use(controllerRoutes(container));
  app.use(routeNotFound(app));
  app.use(errorHandlerWith(options.translateError ?? ((error) => error)));
  return app;
}

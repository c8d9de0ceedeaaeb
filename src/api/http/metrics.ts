import type { Request, RequestHandler, Response, Router } from 'express';
import express from 'express';
import { Counter, Histogram, type Registry } from 'prom-client';
import { errorHandler } from '../middlewares/error-handler';
import { REPLAYED_HEADER } from '../middlewares/idempotency';
import { sendProblem } from '../problems/send-problem';
import { routePattern } from './route-pattern';

/** A repeat answered from the key's stored outcome, or refused because of the key (in progress, reused with another body). */
const IDEMPOTENCY_CONFLICTS = new Set(['IDEMPOTENCY_IN_PROGRESS', 'IDEMPOTENCY_KEY_REUSED']);
const DATABASE_CODES = new Set(['DATABASE_UNAVAILABLE', 'DATABASE_BUSY']);

function httpCounters(registry: Registry) {
  return {
    duration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration in seconds',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    problems: new Counter({
      name: 'http_problem_responses_total',
      help: 'Problem responses by status and stable problem code',
      labelNames: ['status', 'code'],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'rate_limit_rejections_total',
      help: 'Requests refused with 429, by the limiter that refused them',
      labelNames: ['limiter'],
      registers: [registry],
    }),
    replays: new Counter({
      name: 'idempotency_replays_total',
      help: 'Repeats of an Idempotency-Key answered with the stored outcome',
      labelNames: ['route'],
      registers: [registry],
    }),
    conflicts: new Counter({
      name: 'idempotency_conflicts_total',
      help: 'Repeats of an Idempotency-Key refused: still in progress, or reused for another request',
      labelNames: ['code'],
      registers: [registry],
    }),
    outages: new Counter({
      name: 'database_outage_responses_total',
      help: 'Requests answered 503 because of the database: code="DATABASE_UNAVAILABLE" (down, restarting) or "DATABASE_BUSY" (lock or statement timeout, pool exhausted)',
      labelNames: ['code'],
      registers: [registry],
    }),
  };
}

/** Set by whoever answers with a problem or a 429, read here once the response is finished. */
export interface MetricsLocals {
  problemCode?: string;
  rateLimiter?: string;
}

/**
 * Request duration by method, route pattern (never the raw path: CPFs stay out) and status, and
 * the outcomes an operator alerts on: problems by code, rate-limit refusals, idempotent repeats.
 */
export function metricsRouter(registry: Registry): { middleware: RequestHandler; router: Router } {
  const counters = httpCounters(registry);
  // `this` is the response: one listener for every request, no timer closure per request.
  function recordRequest(this: TimedResponse): void {
    const route = routePattern(this.req) ?? 'unmatched';
    const status = String(this.statusCode);
    counters.duration.observe({ method: this.req.method, route, status }, (performance.now() - this[STARTED_AT]) / 1000);
    recordOutcome(counters, this, route, status);
  }
  const middleware: RequestHandler = (_req, res, next) => {
    (res as TimedResponse)[STARTED_AT] = performance.now();
    res.on('finish', recordRequest);
    next();
  };
  return { middleware, router: metricsEndpoint(registry) };
}

const STARTED_AT = Symbol('metricsStartedAt');
type TimedResponse = Response & { [STARTED_AT]: number; req: Request };

/** `GET /metrics` in Prometheus text format. */
export function metricsEndpoint(registry: Registry): Router {
  const router = express.Router();
  router.get('/metrics', async (_req, res, next) => {
    try {
      res.type(registry.contentType).send(await registry.metrics());
    } catch (error) {
      next(error);
    }
  });
  return router;
}

/** The listener of METRICS_PORT: `/metrics` and nothing else, so the scrape port exposes no API. */
export function metricsApp(registry: Registry): express.Application {
  const app = express();
  app.disable('x-powered-by');
  app.use(metricsEndpoint(registry));
  app.use((req, res) => sendProblem(req, res, { code: 'ROUTE_NOT_FOUND', detail: `No route for ${req.method} ${req.path}` }));
  // A failing collector is a problem+json 500 here too, never Express's HTML error page.
  app.use(errorHandler);
  return app;
}

function recordOutcome(counters: ReturnType<typeof httpCounters>, res: Response, route: string, status: string): void {
  const locals = res.locals as MetricsLocals;
  if (res.getHeader(REPLAYED_HEADER) === 'true') counters.replays.inc({ route });
  if (res.statusCode < 400) return;
  const code = locals.problemCode ?? 'none';
  counters.problems.inc({ status, code });
  if (locals.rateLimiter) counters.rateLimited.inc({ limiter: locals.rateLimiter });
  if (IDEMPOTENCY_CONFLICTS.has(code)) counters.conflicts.inc({ code });
  if (DATABASE_CODES.has(code)) counters.outages.inc({ code });
}

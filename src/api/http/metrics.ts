import type { RequestHandler, Router } from 'express';
import express from 'express';
import { Counter, Histogram, type Registry } from 'prom-client';
import { routePattern } from './route-pattern';

const DATABASE_CODES = new Set(['DATABASE_UNAVAILABLE', 'DATABASE_BUSY']);

/** Request duration by method, route pattern (never the raw path: CPFs stay out) and status. */
export function metricsRouter(registry: Registry): { middleware: RequestHandler; router: Router } {
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const problems = new Counter({
    name: 'http_problem_responses_total',
    help: 'Problem responses by status',
    labelNames: ['status'],
    registers: [registry],
  });
  const outages = new Counter({
    name: 'database_outage_responses_total',
    help: 'Requests answered 503 because of the database: code="DATABASE_UNAVAILABLE" (down, restarting) or "DATABASE_BUSY" (lock or statement timeout, pool exhausted)',
    labelNames: ['code'],
    registers: [registry],
  });
  const middleware: RequestHandler = (req, res, next) => {
    const end = duration.startTimer();
    res.on('finish', () => {
      const route = routePattern(req) ?? 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
      if (res.statusCode >= 400) problems.inc({ status: String(res.statusCode) });
      const code = res.locals.problemCode as string | undefined;
      if (code !== undefined && DATABASE_CODES.has(code)) outages.inc({ code });
    });
    next();
  };
  const router = express.Router();
  router.get('/metrics', async (_req, res, next) => {
    try {
      res.type(registry.contentType).send(await registry.metrics());
    } catch (error) {
      next(error);
    }
  });
  return { middleware, router };
}

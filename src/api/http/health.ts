import express, { type Router } from 'express';
import type { Logger } from 'pino';

export interface ReadinessCheck {
  name: string;
  /** An optional dependency (the cache): its failure makes readiness `warn`, still 200. */
  optional?: boolean;
  check(): Promise<void>;
}

export interface HealthOptions {
  checks: ReadinessCheck[];
  isShuttingDown(): boolean;
  checkTimeoutMs: number;
  logger?: Logger;
}

type Status = 'pass' | 'warn' | 'fail';

const HEALTH_JSON = 'application/health+json';

function within(ms: number, promise: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<void>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Liveness answers without touching dependencies; readiness checks each dependency with a short
 * timeout and fails from the first moment of shutdown so that load balancers drain the instance.
 * Only a required dependency (the database) failing takes the instance out (503): with the cache
 * down every request can still be served from the database, and taking every instance out of the
 * balancer for it would turn a slower service into no service.
 */
export function healthRouter(options: HealthOptions): Router {
  const router = express.Router();
  const pass = (_req: express.Request, res: express.Response) => {
    res.setHeader('Cache-Control', 'no-store');
    res.type(HEALTH_JSON).send(JSON.stringify({ status: 'pass' }));
  };
  // Logged when the outcome changes, not on every probe of every balancer.
  let reported: string = 'pass';
  router.get('/health', pass);
  router.get('/health/live', pass);
  router.get('/health/ready', async (_req, res) => {
    const checks: Record<string, { status: Status; output?: string }[]> = {};
    await Promise.all(
      options.checks.map(async ({ name, check, optional }) => {
        try {
          await within(options.checkTimeoutMs, check());
          checks[name] = [{ status: 'pass' }];
        } catch (error) {
          // The cause (addresses, driver messages) stays in the process; the probe only learns which part failed.
          const timedOut = (error as Error).message.startsWith('timed out');
          checks[name] = [{ status: optional ? 'warn' : 'fail', output: timedOut ? 'timed out' : 'unavailable' }];
        }
      }),
    );
    const shuttingDown = options.isShuttingDown();
    const statuses = Object.values(checks).map(([c]) => c.status);
    const status: Status = shuttingDown || statuses.includes('fail') ? 'fail' : statuses.includes('warn') ? 'warn' : 'pass';
    const outcome = `${status}:${Object.keys(checks).filter((name) => checks[name][0].status !== 'pass').sort().join(',')}`;
    if (outcome !== reported && !shuttingDown) {
      const failing = Object.fromEntries(Object.entries(checks).filter(([, [c]]) => c.status !== 'pass').map(([name, [c]]) => [name, c.output]));
      if (status === 'pass') options.logger?.info('readiness restored');
      else options.logger?.warn({ status, failing }, status === 'warn' ? 'readiness degraded: optional dependency unavailable' : 'readiness failing');
      reported = outcome;
    }
    res.setHeader('Cache-Control', 'no-store');
    // Shutdown may have begun while the checks ran, after the middleware that closes connections
    // looked: the balancer must not keep this connection for its next probe either.
    if (shuttingDown) res.setHeader('Connection', 'close');
    res
      .status(status === 'fail' ? 503 : 200)
      .type(HEALTH_JSON)
      .send(JSON.stringify({ status, ...(shuttingDown ? { output: 'shutting down' } : {}), checks }));
  });
  return router;
}

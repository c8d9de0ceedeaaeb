import express, { type Router } from 'express';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface HealthOptions {
  checks: ReadinessCheck[];
  isShuttingDown(): boolean;
  checkTimeoutMs: number;
}

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
 */
export function healthRouter(options: HealthOptions): Router {
  const router = express.Router();
  const pass = (_req: express.Request, res: express.Response) => {
    res.setHeader('Cache-Control', 'no-store');
    res.type(HEALTH_JSON).send(JSON.stringify({ status: 'pass' }));
  };
  router.get('/health', pass);
  router.get('/health/live', pass);
  router.get('/health/ready', async (_req, res) => {
    const checks: Record<string, { status: 'pass' | 'fail'; output?: string }[]> = {};
    await Promise.all(
      options.checks.map(async ({ name, check }) => {
        try {
          await within(options.checkTimeoutMs, check());
          checks[name] = [{ status: 'pass' }];
        } catch (error) {
          // The cause (addresses, driver messages) stays in the process; the probe only learns which part failed.
          const timedOut = (error as Error).message.startsWith('timed out');
          checks[name] = [{ status: 'fail', output: timedOut ? 'timed out' : 'unavailable' }];
        }
      }),
    );
    const shuttingDown = options.isShuttingDown();
    const healthy = !shuttingDown && Object.values(checks).every(([c]) => c.status === 'pass');
    res.setHeader('Cache-Control', 'no-store');
    res
      .status(healthy ? 200 : 503)
      .type(HEALTH_JSON)
      .send(JSON.stringify({ status: healthy ? 'pass' : 'fail', ...(shuttingDown ? { output: 'shutting down' } : {}), checks }));
  });
  return router;
}

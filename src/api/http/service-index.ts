import express, { type Router } from 'express';

/**
 * Where to go from the root: the paths a newcomer or a probe looks for first. Relative paths, so
 * the index stays right behind a proxy or a port-forward whatever host name the client used.
 */
export const SERVICE_LINKS = {
  docs: '/docs/',
  openapi: '/openapi.json',
  health: '/health/live',
  readiness: '/health/ready',
  metrics: '/metrics',
  jwks: '/.well-known/jwks.json',
} as const;

export interface ServiceIndex {
  name: string;
  version: string;
  links: typeof SERVICE_LINKS;
}

/** GET / answers the service's name, API version and links, never authenticated or rate limited. */
export function serviceIndexRouter(name: string, version: string): Router {
  const body = JSON.stringify({ name, version, links: SERVICE_LINKS } satisfies ServiceIndex);
  const router = express.Router();
  router.get('/', (_req, res) => {
    res.type('application/json').send(body);
  });
  return router;
}

/** The absolute URLs of the start-up log line; a wildcard listen address is reached as localhost. */
export function serviceUrls(host: string, port: number): { api: string; docs: string; health: string } {
  const reachable = host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const base = `http://${reachable}:${port}`;
  return { api: base, docs: `${base}${SERVICE_LINKS.docs}`, health: `${base}${SERVICE_LINKS.readiness}` };
}

import type { Application, RequestHandler } from 'express';
import { matchesSafely, routeLayers } from '../http/route-pattern';
import { HttpProblem } from '../problems/problem';

/** Methods some route answers for `path`, HEAD with GET, or none at all when no route has that path. */
export function allowedMethodsFor(app: Application, path: string): Set<string> {
  const methods = new Set<string>();
  for (const layer of routeLayers(app)) if (matchesSafely(layer, path)) Object.keys(layer.route.methods).forEach((m) => methods.add(m.toUpperCase()));
  methods.delete('_ALL');
  if (methods.has('GET')) methods.add('HEAD');
  return methods;
}

/**
 * OPTIONS on a route: 204 with `Allow`, instead of Express's own 200 text/html answer. Runs before
 * authentication (it tells nothing /openapi.json does not); a CORS preflight is answered earlier
 * by the cors middleware, where CORS_ORIGINS is configured. An unknown path falls through to 404.
 */
export function answerOptions(app: Application): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'OPTIONS') return next();
    const methods = allowedMethodsFor(app, req.path);
    if (methods.size === 0) return next();
    methods.add('OPTIONS');
    res.setHeader('Allow', [...methods].sort().join(', '));
    res.status(204).end();
  };
}

/** Last handler before errors: 405 with `Allow` when the path exists under another method, else 404. */
export function routeNotFound(app: Application): RequestHandler {
  return (req, _res, next) => {
    const methods = allowedMethodsFor(app, req.path);
    if (methods.size > 0) {
      next(new HttpProblem('METHOD_NOT_ALLOWED', `${req.method} is not allowed here`, undefined, { Allow: [...methods].sort().join(', ') }));
      return;
    }
    next(new HttpProblem('ROUTE_NOT_FOUND', `No route for ${req.method} ${req.path}`));
  };
}

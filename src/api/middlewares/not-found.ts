import type { Application, RequestHandler } from 'express';
import { HttpProblem } from '../problems/problem';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  name?: string;
  handle?: { stack?: Layer[] };
  match(path: string): boolean;
}

/**
 * Methods that some registered route answers for `path` (walks nested routers). Catch-all routes
 * are skipped: InversifyExpressServer registers `app.all('*')` to set up each request's context,
 * and counting it would make every unknown path a 405 allowing every method.
 */
function allowedMethods(stack: Layer[], path: string): Set<string> {
  const methods = new Set<string>();
  for (const layer of stack) {
    if (layer.route?.path === '*') continue;
    if (layer.route) {
      if (layer.match(path)) Object.keys(layer.route.methods).forEach((m) => methods.add(m.toUpperCase()));
    } else if (layer.name === 'router' && layer.handle?.stack) {
      allowedMethods(layer.handle.stack, path).forEach((m) => methods.add(m));
    }
  }
  return methods;
}

/** Last handler before errors: 405 with `Allow` when the path exists under another method, else 404. */
export function routeNotFound(app: Application): RequestHandler {
  return (req, _res, next) => {
    const stack = (app as unknown as { _router: { stack: Layer[] } })._router.stack;
    const methods = allowedMethods(stack, req.path);
    methods.delete('_ALL');
    if (methods.size > 0) {
      if (methods.has('GET')) methods.add('HEAD');
      next(new HttpProblem('METHOD_NOT_ALLOWED', `${req.method} is not allowed here`, undefined, { Allow: [...methods].sort().join(', ') }));
      return;
    }
    next(new HttpProblem('ROUTE_NOT_FOUND', `No route for ${req.method} ${req.path}`));
  };
}

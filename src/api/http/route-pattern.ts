import type { Request } from 'express';

/**
 * The pattern of the route that answered (`/v1/users/:cpf`), never the raw path, so no CPF reaches
 * metrics labels or logs; undefined when no route did. InversifyExpressServer's catch-all `*`
 * route (it sets up each request's context) matches every request and is not an answer.
 */
export function routePattern(req: Request): string | undefined {
  const path: unknown = req.route?.path;
  return typeof path === 'string' && path !== '*' ? `${req.baseUrl}${path}` : undefined;
}

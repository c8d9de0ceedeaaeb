import type { Application, Request } from 'express';

export interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
  name?: string;
  handle?: { stack?: RouteLayer[] };
  match(path: string): boolean;
}

/** Every route layer of the app, nested routers included (they are mounted at `/`, so a route's path is its full path). */
export function* routeLayers(app: Application): Generator<RouteLayer & { route: NonNullable<RouteLayer['route']> }> {
  const walk = function* (stack: RouteLayer[]): Generator<RouteLayer & { route: NonNullable<RouteLayer['route']> }> {
    for (const layer of stack) {
      if (layer.route) {
        yield layer as RouteLayer & { route: NonNullable<RouteLayer['route']> };
      } else if (layer.name === 'router' && layer.handle?.stack) {
        yield* walk(layer.handle.stack);
      }
    }
  };
  yield* walk((app as unknown as { _router: { stack: RouteLayer[] } })._router.stack);
}

/**
 * The pattern of the route for this request (`/v1/users/:cpf`), never the raw path, so no CPF reaches
 * metrics labels or logs. A request refused before routing (authentication, a rate limit) still gets
 * the pattern of the route its path names; undefined only when no route has that path.
 */
export function routePattern(req: Request): string | undefined {
  const path: unknown = req.route?.path;
  if (typeof path === 'string') return `${req.baseUrl}${path}`;
  if (!req.app) return undefined;
  let samePath: string | undefined;
  for (const layer of routeLayers(req.app)) {
    if (!matchesSafely(layer, req.path)) continue;
    if (layer.route.methods[req.method.toLowerCase()]) return layer.route.path;
    samePath ??= layer.route.path;
  }
  return samePath;
}

/**
 * Express decodes a matching path's parameters and throws on malformed percent-encoding. Such a
 * path was refused before routing (400 MALFORMED_PATH), and it names no route.
 */
export function matchesSafely(layer: RouteLayer, path: string): boolean {
  try {
    return layer.match(path);
  } catch {
    return false;
  }
}

import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { interfaces } from 'inversify';
import {
  PARAMETER_TYPE,
  getControllerMetadata,
  getControllerMethodMetadata,
  getControllerParameterMetadata,
  getControllersFromMetadata,
  type interfaces as routing,
} from 'inversify-express-utils';

type Action = (...args: unknown[]) => unknown;
type Verb = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options' | 'all';

/**
 * The routes the `@controller` classes declare (inversify-express-utils' decorators), each
 * controller built once by the container. InversifyExpressServer does the same work per request:
 * a child container, a catch-all route that stores it on the request, and a named lookup of the
 * controller, none of which a controller holding only singletons needs. Routes keep their full
 * paths on one router mounted at the root, as before.
 */
export function controllerRoutes(container: interfaces.Container): Router {
  const router = express.Router({ caseSensitive: true, strict: true });
  for (const constructor of getControllersFromMetadata()) {
    const type = constructor as interfaces.Newable<Record<string, Action>>;
    if (!container.isBound(type)) container.bind(type).toSelf().inSingletonScope();
    const instance = container.get(type);
    const { path: prefix, middleware: shared } = getControllerMetadata(type);
    const parameters = getControllerParameterMetadata(type) ?? {};
    for (const { key, method, path, middleware } of getControllerMethodMetadata(type) ?? []) {
      const handler = actionOf(instance, key, parameters[key] ?? []);
      router[method as Verb](joinPaths(prefix, path), ...functionsOf(shared, type.name), ...functionsOf(middleware, type.name), handler);
    }
  }
  return router;
}

/** The action called with the request, the response or `next`, as its parameter decorators ask. */
function actionOf(instance: Record<string, Action>, key: string, parameters: routing.ParameterMetadata[]): RequestHandler {
  const picks = [...parameters].sort((a, b) => a.index - b.index).map(({ type }) => pickerOf(type, `${instance.constructor.name}.${key}`));
  const action = instance[key].bind(instance);
  return async (req, res, next) => {
    try {
      const value = await (picks.length === 0 ? action(req, res, next) : action(...picks.map((pick) => pick(req, res, next))));
      if (value !== undefined && !res.headersSent) res.send(value);
    } catch (error) {
      next(error);
    }
  };
}

function pickerOf(type: PARAMETER_TYPE, action: string): (req: Request, res: Response, next: NextFunction) => unknown {
  if (type === PARAMETER_TYPE.REQUEST) return (req) => req;
  if (type === PARAMETER_TYPE.RESPONSE) return (_req, res) => res;
  if (type === PARAMETER_TYPE.NEXT) return (_req, _res, next) => next;
  throw new Error(`${action}: only @request(), @response() and @next() parameters are supported`);
}

/** Route middleware must be functions: a service identifier would need a lookup per request. */
function functionsOf(middleware: routing.Middleware[], controller: string): RequestHandler[] {
  return middleware.map((item) => {
    if (typeof item !== 'function') throw new Error(`${controller}: route middleware must be a function, not ${String(item)}`);
    return item as RequestHandler;
  });
}

/** '/v1/users' and '/:cpf' make '/v1/users/:cpf'; a path '/' adds nothing. */
function joinPaths(...paths: string[]): string {
  return paths.map((p) => (p.startsWith('/') ? p : `/${p}`).replace(/\/$/, '')).join('') || '/';
}

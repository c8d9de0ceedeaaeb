import type { RequestHandler } from 'express';

/**
 * Request handlers run one after the other as one Express layer. Express's router pays for each
 * layer on every request (a params object, a closure, its matching), and the handlers given here
 * run for every request whatever its path. Each handler is called as Express calls a layer: what
 * it throws, or passes to `next`, ends the series and goes on to the error handlers; `next('route')`
 * (or a falsy value) goes on to the next handler, and `next('router')` leaves the router.
 */
export function inSeries(...handlers: RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    let index = 0;
    const step = (signal?: unknown): void => {
      if (signal === 'router' || (Boolean(signal) && signal !== 'route')) return next(signal);
      if (index === handlers.length) return next();
      const handler = handlers[index++];
      try {
        handler(req, res, step);
      } catch (error) {
        step(error);
      }
    };
    step();
  };
}

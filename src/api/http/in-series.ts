import type { RequestHandler } from 'express';

/**
 * Request handlers run one after the other as one Express layer. Express's router pays for each
 * layer on every request (a params object, a closure, its matching), and the handlers given here
 * run for every request whatever its path. An error ends the series and goes on to Express's
 * error handlers, as it would from separate layers.
 */
export function inSeries(...handlers: RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    let index = 0;
    const step = (error?: unknown): void => {
      if ((error !== undefined && error !== null) || index === handlers.length) return next(error);
      handlers[index++](req, res, step);
    };
    step();
  };
}

import type { RequestHandler } from 'express';
import type { IRequestContext } from '../../domain/shared/request-context.port';

/**
 * Runs the rest of the request inside its context (request id, actor, address). Mounted after the
 * body parser and authentication: a context entered before a body stream is read can be lost.
 */
export function requestContext(context: IRequestContext): RequestHandler {
  return (req, res, next) => {
    const actor = (res.locals.principalId as string | undefined) ?? 'anonymous';
    context.run({ requestId: String(res.locals.requestId), actor, ip: req.ip }, next);
  };
}

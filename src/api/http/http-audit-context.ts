import { AsyncLocalStorage } from 'node:async_hooks';
import type { Request, RequestHandler, Response } from 'express';
import type { AuditContext } from '../../domain/shared/audit-log.port';

interface Exchange {
  req: Request;
  res: Response;
}

const serving = new AsyncLocalStorage<Exchange>();

/**
 * Marks what follows (the controllers) as serving this request, so that the one audit log knows
 * whose request a record belongs to. Mounted after body parsing and the guards on purpose: a
 * middleware that resumes from a stream event (body-parser) runs outside the context it started in.
 */
export const servingRequest: RequestHandler = (req, res, next) => serving.run({ req, res }, next);

/** The audit context of the request being served now, or undefined outside a request. Read at each record: login sets the actor during the request. */
export function httpAuditContext(): AuditContext | undefined {
  const exchange = serving.getStore();
  if (!exchange) return undefined;
  return {
    requestId: String(exchange.res.locals.requestId),
    actor: (exchange.res.locals.principalId as string | undefined) ?? 'anonymous',
    ip: exchange.req.ip,
  };
}

import type { Request, Response } from 'express';
import type { interfaces } from 'inversify';
import { TYPE, type interfaces as httpInterfaces } from 'inversify-express-utils';
import type { AuditContext } from '../../domain/shared/audit-log.port';

/**
 * The audit context of the request being served by `container` (the per-request child container of
 * inversify-express-utils), or undefined outside a request. Read from the request itself rather than
 * carried by AsyncLocalStorage, whose promise hooks would tax every await of every request on Node 20.
 */
export function httpAuditContext(container: interfaces.Container): AuditContext | undefined {
  const http = container.get<Partial<httpInterfaces.HttpContext>>(TYPE.HttpContext);
  const res = http.response as Response | undefined;
  if (!res) return undefined;
  return {
    requestId: String(res.locals.requestId),
    actor: (res.locals.principalId as string | undefined) ?? 'anonymous',
    ip: (http.request as Request).ip,
  };
}

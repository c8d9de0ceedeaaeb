import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import pinoHttp from 'pino-http';
import { routePattern } from '../http/route-pattern';

// 11 digits, or the punctuated form, anywhere in a path or query: logged as ***.***.*DD-DD.
const CPF_IN_TEXT = /\b(\d{3})\.?(\d{3})\.?(\d)(\d{2})-?(\d{2})\b/g;

export function maskCpfs(text: string): string {
  return text.replace(CPF_IN_TEXT, (_match, _a, _b, _c, d: string, e: string) => `***.***.*${d}-${e}`);
}

/** The logged URL: decoded first, so that a percent-encoded CPF is masked like any other. */
function loggableUrl(url: string): string {
  try {
    return maskCpfs(decodeURIComponent(url));
  } catch {
    return maskCpfs(url);
  }
}

/** Errors are logged with their stack, but a driver message may quote a CPF: masked too. */
export function serializeError(err: Error): { type: string; message: string; stack?: string } {
  return { type: err.name, message: maskCpfs(err.message), stack: err.stack === undefined ? undefined : maskCpfs(err.stack) };
}

/**
 * One JSON line per request: method, route, status, duration, request id and principal. Bodies,
 * headers (Authorization, cookies) and query secrets are never logged.
 */
export function httpLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (_req: IncomingMessage, res: ServerResponse) => String((res as Response).locals.requestId),
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    serializers: {
      // wrapSerializers is off, so these receive the raw Express request and response.
      req: (req: Request) => ({ method: req.method, url: loggableUrl(req.originalUrl ?? req.url) }),
      res: (res: Response) => ({ statusCode: res.statusCode }),
      err: serializeError,
    },
    customProps: (req, res) => {
      const r = req as Request;
      return {
        route: routePattern(r),
        principal: (res as Response).locals.principalId,
      };
    },
    wrapSerializers: false,
    quietReqLogger: true,
  });
}

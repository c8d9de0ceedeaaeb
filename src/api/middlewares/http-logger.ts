import type { IncomingMessage, ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import pinoHttp from 'pino-http';
import { routePattern } from '../http/route-pattern';

/*
 * A CPF however it is spelled: 11 digits in groups of 3-3-3-2, with up to three separators
 * between groups (. - / _ space, `+` as a form-encoded space, or any of them percent-encoded,
 * even more than once: %2E, %252E), mixed freely. Digits right before or after make it some
 * other number; letters do not (a log is better masked once too often than once too few).
 * A %XX escape before the first digit counts as a separator, not as a digit ("%2052998224725").
 */
const SEPARATOR = String.raw`(?:[-./_ +]|%(?:25)*(?:2[0DEF]|5F))`;
const GAP = `${SEPARATOR}{0,3}`;
const CPF_IN_TEXT = new RegExp(String.raw`(?:(?<=%[0-9A-F]{2})|(?<!\d))(\d{3})${GAP}(\d{3})${GAP}(\d)(\d{2})${GAP}(\d{2})(?!\d)`, 'gi');

/** Every CPF in `text`, logged as ***.***.*DD-DD (SPEC section 6). */
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

/**
 * Errors are logged with their stack, but a driver message may quote a CPF: masked too. Anything
 * thrown that is not an Error (a string, a plain object) is logged as its text, masked as well.
 */
export function serializeError(err: unknown): { type: string; message: string; stack?: string } {
  if (!(err instanceof Error)) {
    return { type: typeof err, message: maskCpfs(typeof err === 'string' ? err : inspect(err, { depth: 3, breakLength: Infinity })) };
  }
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

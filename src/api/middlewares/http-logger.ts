import { inspect } from 'node:util';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
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

const LOGGER = Symbol('requestLogger');
const STARTED_AT = Symbol('requestStartedAt');
type LoggedResponse = Response & { [LOGGER]?: Logger; [STARTED_AT]?: number; req: Request };

/**
 * One JSON line per request, written when the response finishes (or the client goes away):
 * request id, method, masked URL, route, principal, status, duration, client address and response
 * size. Bodies, headers (Authorization, cookies) and query secrets are never logged.
 *
 * Built for the hot path: no child logger and no object per request beyond the line itself, the
 * listeners are shared functions, and the line goes through a logger made once without the
 * redaction pass (every field of it is known and safe; the CPF is masked here).
 */
export function httpLogger(logger: Logger): RequestHandler {
  const lines = logger.child({}, { redact: [] });
  return (_req, res, next) => {
    const logged = res as LoggedResponse;
    logged[LOGGER] = lines;
    logged[STARTED_AT] = performance.now();
    // 'close' comes once per response, after 'finish' or when the client went away first.
    res.on('close', onResponseDone);
    next();
  };
}

// `this` is the response: one shared listener, no closure per request. Runs once per response.
function onResponseDone(this: LoggedResponse): void {
  const lines = this[LOGGER];
  if (!lines) return;
  this[LOGGER] = undefined;
  const req = this.req;
  const status = this.statusCode;
  // A 503 is a dependency's state (an outage, draining), already logged at warn by whoever answered it.
  const failed = status >= 500 && status !== 503;
  const line = {
    requestId: String(this.locals.requestId),
    req: { method: req.method, url: loggableUrl(req.originalUrl ?? req.url) },
    route: routePattern(req),
    principal: this.locals.principalId as string | undefined,
    clientIp: req.ip,
    res: { statusCode: status },
    responseBytes: responseBytes(this),
    durationMs: Math.round(performance.now() - (this[STARTED_AT] ?? 0)),
    err: failed ? new Error(`failed with status code ${status}`) : undefined,
  };
  const message = failed ? 'request errored' : this.writableEnded && !req.readableAborted ? 'request completed' : 'request aborted';
  if (failed) lines.error(line, message);
  else if (status >= 400) lines.warn(line, message);
  else lines.info(line, message);
}

/** Bytes of the body sent, as declared by Content-Length; undefined for a chunked (streamed) one. */
function responseBytes(res: Response): number | undefined {
  const length = res.getHeader('content-length');
  if (length === undefined) return undefined;
  const bytes = Number(length);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** An error of the request `res` answers, logged with its request id (the logger of `httpLogger`). */
export function logRequestError(res: Response, err: unknown, message: string): void {
  (res as LoggedResponse)[LOGGER]?.error({ err, requestId: String(res.locals.requestId) }, message);
}

/** An expected failure of the request `res` answers (an outage): one warn line, no stack. */
export function logRequestWarning(res: Response, fields: Record<string, unknown>, message: string): void {
  (res as LoggedResponse)[LOGGER]?.warn({ ...fields, requestId: String(res.locals.requestId) }, message);
}

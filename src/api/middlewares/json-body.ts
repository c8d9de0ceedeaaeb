import express, { type RequestHandler } from 'express';
import { inSeries } from '../http/in-series';
import { HttpProblem } from '../problems/problem';

export const BODY_LIMIT = '100kb';

const hasBody = (headers: Record<string, unknown>): boolean =>
  headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');

// No body is announced at all (every GET): the parsers would only set the empty one. An empty body
// announced (Content-Length: 0) still goes through them, which refuse a charset or encoding they
// do not read.
const announcesNoBody = (headers: Record<string, unknown>): boolean => headers['transfer-encoding'] === undefined && headers['content-length'] === undefined;

/**
 * JSON only: a request that carries a body must say it is JSON (or, on the few routes that take
 * it, an HTML form), else 415. Size and syntax errors are turned into problems by the error handler.
 */
export function jsonBody(formPaths: readonly string[] = []): RequestHandler {
  const acceptsForm = (path: string) => formPaths.includes(path);
  const checkMediaType: RequestHandler = (req, _res, next) => {
    if (!hasBody(req.headers)) return next();
    if (req.is(['application/json', 'application/*+json'])) return next();
    if (acceptsForm(req.path) && req.is('application/x-www-form-urlencoded')) return next();
    next(new HttpProblem('UNSUPPORTED_MEDIA_TYPE', 'The request body must be application/json'));
  };
  const parse = inSeries(
    checkMediaType,
    asBodyError(express.json({ limit: BODY_LIMIT, strict: true, type: ['application/json', 'application/*+json'] })),
    asBodyError(
      express.urlencoded({
        limit: BODY_LIMIT,
        extended: false,
        parameterLimit: MAX_FORM_PARAMETERS,
        type: (req) => acceptsForm((req as express.Request).path) && Boolean((req as express.Request).is('application/x-www-form-urlencoded')),
      }),
    ),
  );
  return (req, res, next) => {
    if (!announcesNoBody(req.headers)) return parse(req, res, next);
    req.body = {};
    next();
  };
}

/** body-parser's own default, stated: a larger form is refused, not truncated. */
const MAX_FORM_PARAMETERS = 1000;

/**
 * Whatever a body parser fails with is about the body, whatever its cause: a bad gzip or deflate
 * stream reaches us as a bare zlib error with no body-parser `type`. Such errors are marked, so
 * that the error handler answers them as the client's (400) rather than as unexpected (500).
 */
function asBodyError(parser: RequestHandler): RequestHandler {
  return (req, res, next) =>
    parser(req, res, (error?: unknown) => {
      if (error !== undefined && error !== null && typeof error === 'object') Object.assign(error, { bodyParserFailure: true });
      next(error);
    });
}

import type { ErrorRequestHandler } from 'express';
import { DomainError, ValidationError } from '../../domain/shared/domain-error';
import { HttpProblem } from '../problems/problem';
import { logRequestError, logRequestWarning, maskCpfs } from './http-logger';
import { problemKind } from '../problems/problem-table';
import { type ProblemInput, sendProblem } from '../problems/send-problem';

/** body-parser reports its failures with a `type`; each becomes a precise client error. */
const BODY_PARSER_PROBLEMS: Record<string, ProblemInput> = {
  'entity.parse.failed': { code: 'MALFORMED_JSON', detail: 'The request body is not valid JSON' },
  'entity.too.large': { code: 'PAYLOAD_TOO_LARGE', detail: 'The request body exceeds 100 kB' },
  'encoding.unsupported': { code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Unsupported content encoding' },
  'charset.unsupported': { code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Unsupported charset' },
  'request.aborted': { code: 'VALIDATION_FAILED', detail: 'The request body was not received completely' },
  'request.size.invalid': { code: 'VALIDATION_FAILED', detail: 'The request body does not match its Content-Length' },
  'parameters.too.many': { code: 'MALFORMED_BODY', detail: 'The form has more than 1,000 parameters' },
};
/** A body parser failure with no known type (a broken gzip or deflate stream, say). */
const UNREADABLE_BODY: ProblemInput = { code: 'MALFORMED_BODY', detail: 'The request body could not be read (a broken or mislabelled encoding?)' };

/** The problem an error becomes, or undefined for an unexpected one (a 500). Stored 4xx answers use it too. */
export function toProblem(error: unknown): ProblemInput | undefined {
  if (error instanceof HttpProblem) {
    return { code: error.code, detail: error.detail, errors: error.errors, headers: error.headers };
  }
  if (error instanceof ValidationError) {
    return { code: error.code, detail: 'The request is invalid', errors: [{ path: error.field, message: error.message }] };
  }
  if (error instanceof DomainError && problemKind(error.code)) {
    return { code: error.code, detail: error.message };
  }
  const bodyParserType = (error as { type?: unknown } | null)?.type;
  if (typeof bodyParserType === 'string' && Object.hasOwn(BODY_PARSER_PROBLEMS, bodyParserType)) return BODY_PARSER_PROBLEMS[bodyParserType];
  if ((error as { bodyParserFailure?: unknown } | null)?.bodyParserFailure === true) return UNREADABLE_BODY;
  return undefined;
}

/** Codes of a dependency's state (an outage, a busy database): expected, so logged at warn without a stack. */
const OUTAGE_CODES = new Set(['DATABASE_UNAVAILABLE', 'DATABASE_BUSY']);

/** Turns an infrastructure failure (a driver error of a database outage) into the domain error it is answered as. */
export type ErrorTranslator = (error: unknown) => unknown;

/**
 * The last middleware: every error ends here in exactly one problem response. Unknown errors are
 * logged with their stack and answered with a generic 500 that reveals nothing of them. Outages
 * are one warn line each, with the driver's code and message but no stack.
 */
export function errorHandlerWith(translate: ErrorTranslator): ErrorRequestHandler {
  return (raised, req, res, next) => {
    if (res.headersSent) {
      // Too late for a problem body; let Express close the connection.
      next(raised);
      return;
    }
    const error = translate(raised);
    const problem = toProblem(error);
    if (problem) {
      if (OUTAGE_CODES.has(problem.code)) logRequestWarning(res, { code: problem.code, cause: causeOf(error) }, 'database failure answered 503');
      sendProblem(req, res, problem);
      return;
    }
    logRequestError(res, error, 'unhandled error');
    sendProblem(req, res, { code: 'INTERNAL_ERROR', detail: 'An unexpected error occurred' });
  };
}

export const errorHandler: ErrorRequestHandler = errorHandlerWith((error) => error);

function causeOf(error: unknown): { code?: string; message: string } | undefined {
  const cause = (error as { cause?: unknown }).cause;
  if (typeof cause !== 'object' || cause === null) return undefined;
  const { code, message } = cause as { code?: unknown; message?: unknown };
  return { ...(typeof code === 'string' ? { code } : {}), message: maskCpfs(String(message)) };
}

import type { SharedErrorCode } from '../../domain/shared/error-codes';
import type { ProblemKind } from './problem';

/** Raised by src/api itself (parsers, routing, limits) rather than by a domain error. */
type HttpLevelCode =
  | 'MALFORMED_JSON'
  | 'MALFORMED_BODY'
  | 'MALFORMED_PATH'
  | 'MALFORMED_REQUEST'
  | 'INVALID_CURSOR'
  | 'ROUTE_NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'REQUEST_TIMEOUT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'EXPECTATION_FAILED'
  | 'HEADERS_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'INTERNAL_ERROR'
  | 'NOT_IMPLEMENTED'
  | 'SERVICE_UNAVAILABLE';

/** HTTP-level problems and the shared domain errors (a row for each: the compiler checks). */
export const PLATFORM_PROBLEMS = {
  VALIDATION_FAILED: { status: 400, title: 'Request validation failed' },
  MALFORMED_JSON: { status: 400, title: 'Malformed JSON body' },
  MALFORMED_BODY: { status: 400, title: 'Malformed request body' },
  MALFORMED_PATH: { status: 400, title: 'Malformed request path' },
  MALFORMED_REQUEST: { status: 400, title: 'Malformed HTTP request' },
  INVALID_CURSOR: { status: 400, title: 'Invalid pagination cursor' },
  ROUTE_NOT_FOUND: { status: 404, title: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  REQUEST_TIMEOUT: { status: 408, title: 'Request timeout' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Request body too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  EXPECTATION_FAILED: { status: 417, title: 'Expectation failed' },
  HEADERS_TOO_LARGE: { status: 431, title: 'Request header fields too large' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  INTERNAL_ERROR: { status: 500, title: 'Internal server error' },
  NOT_IMPLEMENTED: { status: 501, title: 'Not implemented' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'Service unavailable', headers: { 'Retry-After': '5' } },
  CONCURRENCY_CONFLICT: { status: 503, title: 'Concurrent update conflict', headers: { 'Retry-After': '1' } },
  DATABASE_UNAVAILABLE: { status: 503, title: 'Database unavailable', headers: { 'Retry-After': '5' } },
  DATABASE_BUSY: { status: 503, title: 'Database busy', headers: { 'Retry-After': '2' } },
} satisfies Record<SharedErrorCode | HttpLevelCode, ProblemKind>;

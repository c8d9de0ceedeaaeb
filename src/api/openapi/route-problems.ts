import { problemType } from '../problems/problem';
import { PROBLEM_TABLE, type ProblemCode } from '../problems/problem-table';

/**
 * The problems a route can answer, as codes: each operation lists its own (`errors`, next to the
 * route in its module), and the status of each comes from the problem table, the one place that
 * chooses statuses. The groups below are what the middleware in front of every route can answer;
 * a test (test/helpers/declared-problems.ts) fails on any problem a route answers undeclared.
 *
 * Not listed anywhere: what the HTTP server answers before any route is known (MALFORMED_REQUEST,
 * HEADERS_TOO_LARGE, REQUEST_TIMEOUT, EXPECTATION_FAILED), and ROUTE_NOT_FOUND / METHOD_NOT_ALLOWED,
 * which are answers for paths and methods that are not operations.
 */

/** Any path: safe-path refuses an undecodable or dot-segment path before routing; 500 for the unexpected. */
export const ANY_ROUTE = ['MALFORMED_PATH', 'INTERNAL_ERROR'] as const;

/**
 * Any /v1 route: the body parser runs before routing (a GET with a broken body is refused too),
 * a Bearer header that does not verify is refused even on public routes, every /v1 route is
 * rate limited, and every one reads the database (the session check at least), so an outage or
 * a lock or statement timeout answers 503.
 */
export const V1_ROUTE = [
  ...ANY_ROUTE,
  'UNAUTHENTICATED',
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'MALFORMED_BODY',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'DATABASE_UNAVAILABLE',
  'DATABASE_BUSY',
] as const;

/** A route that may take an Idempotency-Key; with `required`, refused without one. */
export const IDEMPOTENT = ['IDEMPOTENCY_IN_PROGRESS', 'IDEMPOTENCY_KEY_REUSED'] as const;
export const IDEMPOTENCY_REQUIRED = [...IDEMPOTENT, 'IDEMPOTENCY_KEY_REQUIRED'] as const;

/** A payment gateway call: declined, failed, unreachable (open circuit) or timed out. */
export const GATEWAY = ['PAYMENT_DECLINED', 'GATEWAY_FAILURE', 'GATEWAY_UNAVAILABLE', 'GATEWAY_TIMEOUT'] as const;

const EXAMPLE_REQUEST_ID = '5f0c6a1e-2b7d-4c1a-9e3f-8d2b6a4c0e91';

// What the service says for the codes whose detail is not simply their title.
const DETAILS: Record<string, string> = {
  VALIDATION_FAILED: 'The request is invalid',
  MALFORMED_JSON: 'The request body is not valid JSON',
  PAYLOAD_TOO_LARGE: 'The request body exceeds 100 kB',
  UNSUPPORTED_MEDIA_TYPE: 'The request body must be application/json',
  UNAUTHENTICATED: 'A valid Bearer access token is required',
  RATE_LIMITED: 'Too many requests; retry after the time in Retry-After',
  INTERNAL_ERROR: 'An unexpected error occurred',
  INSUFFICIENT_FUNDS: 'The account balance does not cover the amount',
  IDEMPOTENCY_KEY_REQUIRED: 'This request needs an Idempotency-Key header',
};

/** Codes grouped by status, from the problem table; an unknown code is a mistake in a declaration. */
export function byStatus(codes: readonly ProblemCode[]): Map<number, ProblemCode[]> {
  const groups = new Map<number, ProblemCode[]>();
  for (const code of new Set(codes)) {
    const kind = PROBLEM_TABLE[code];
    if (!kind) throw new Error(`OpenAPI: ${code} is not in the problem table`);
    groups.set(kind.status, [...(groups.get(kind.status) ?? []), code].sort());
  }
  return new Map([...groups].sort(([a], [b]) => a - b));
}

/** One example problem body per code, each with its own status, as the route would answer it. */
export function problemExamples(codes: readonly ProblemCode[], instance: string): Record<string, { summary: string; value: Record<string, unknown> }> {
  return Object.fromEntries(
    codes.map((code) => {
      const { status, title } = PROBLEM_TABLE[code];
      const value: Record<string, unknown> = { type: problemType(code), title, status, detail: DETAILS[code] ?? title, instance, code, requestId: EXAMPLE_REQUEST_ID };
      if (code === 'VALIDATION_FAILED') value.errors = [{ path: 'body.amount', message: 'must be a JSON integer number of minor units' }];
      return [code, { summary: title, value }];
    }),
  );
}

import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { principalKey } from '../../domain/modules/auth/principal';
import type { IIdempotencyStore, IdempotencyClaim, IdempotentRequest, RequestRecord, StoredResponse } from '../../domain/modules/financial/idempotency.port';
import { DomainError } from '../../domain/shared/domain-error';
import { logRequestError } from './http-logger';
import { principalOf } from '../http/principal';
import { HttpProblem } from '../problems/problem';
import { problemKind } from '../problems/problem-table';
import type { ProblemInput } from '../problems/send-problem';
import { toProblem } from './error-handler';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

// 1 to 255 visible ASCII characters (SPEC section 5).
const VALID_KEY = /^[\x21-\x7E]{1,255}$/;
// Codes about the key itself: the attempt that raised them does not own the key, so it stores nothing.
export const KEY_CODES = new Set(['IDEMPOTENCY_IN_PROGRESS', 'IDEMPOTENCY_KEY_REUSED']);

/** The success response of an operation. */
export interface Created {
  status: number;
  body: unknown;
  location: string | null;
}

export interface IdempotentHandler<T> {
  present(result: T): Created;
  run(record: RequestRecord<T>): Promise<T>;
}

export interface OptionallyIdempotentHandler<T> {
  present(result: T): Created;
  run(record: RequestRecord<T> | undefined): Promise<T>;
}

type StoredProblem = ProblemInput;

/**
 * Money movements: an Idempotency-Key is required (400 without). The operation runs at most once
 * per caller and key; repeats get the first response back with `Idempotent-Replayed: true`.
 */
export async function requireIdempotency<T>(store: IIdempotencyStore, req: Request, res: Response, handler: IdempotentHandler<T>): Promise<void> {
  const key = idempotencyKeyOf(req);
  if (key === undefined) {
    throw new HttpProblem('IDEMPOTENCY_KEY_REQUIRED', `This operation moves money: send an ${IDEMPOTENCY_KEY_HEADER} header so that a retry cannot repeat it`);
  }
  await runOnce(store, req, res, key, handler);
}

/** Other POSTs: a key is honoured when sent, and the operation simply runs when not. */
export async function allowIdempotency<T>(store: IIdempotencyStore, req: Request, res: Response, handler: OptionallyIdempotentHandler<T>): Promise<void> {
  const key = idempotencyKeyOf(req);
  if (key === undefined) {
    send(res, stored(handler.present(await handler.run(undefined))));
    return;
  }
  await runOnce(store, req, res, key, handler);
}

export function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.get(IDEMPOTENCY_KEY_HEADER);
  if (key === undefined) return undefined;
  if (!VALID_KEY.test(key)) {
    throw new HttpProblem('VALIDATION_FAILED', 'The request is invalid', [
      { path: `headers.${IDEMPOTENCY_KEY_HEADER}`, message: 'must be 1 to 255 visible ASCII characters' },
    ]);
  }
  return key;
}

/** The request as its idempotency record knows it: whose key, which route, which body. */
export function idempotentRequestOf(req: Request, res: Response, key: string): IdempotentRequest {
  return {
    scope: principalKey(principalOf(res)),
    key,
    method: req.method,
    path: routePath(req),
    requestHash: sha256(canonicalJson(req.body ?? null)),
  };
}

/** Stable across retries of one request: what a downstream call is deduplicated by. */
export function externalKeyOf(request: IdempotentRequest): string {
  return sha256(`${request.scope}\n${request.key}\n${request.method} ${request.path}\n${request.requestHash}`);
}

async function runOnce<T>(store: IIdempotencyStore, req: Request, res: Response, key: string, handler: IdempotentHandler<T>): Promise<void> {
  const request = idempotentRequestOf(req, res, key);
  const outcome = await store.claim(request);
  if (outcome.kind === 'replay') {
    replay(res, outcome.response);
    return;
  }
  const { claim } = outcome;
  const written: { response?: StoredResponse } = {};
  const record: RequestRecord<T> = {
    externalKey: externalKeyOf(request),
    resumeFrom: claim.recoveryPoint,
    checkpoint: (stepId) => store.checkpoint(claim, stepId),
    // Called by the operation inside its ledger transaction: response and ledger commit together.
    complete: async (result) => {
      const response = stored(handler.present(result));
      await store.complete(claim, response);
      written.response = response;
    },
    outcome: (result) => {
      const response = stored(handler.present(result));
      return { kind: 'complete', claim, response, written: () => (written.response = response) };
    },
  };

  let result: T;
  const stopKeepingAlive = store.keepAlive(claim);
  try {
    result = await handler.run(record);
  } catch (error) {
    await settleFailure(store, claim, req, error);
    throw error;
  } finally {
    stopKeepingAlive();
  }
  if (!written.response) {
    // The operation had no ledger transaction to write the outcome in: store it on its own.
    written.response = stored(handler.present(result));
    await store.complete(claim, written.response);
  }
  send(res, written.response);
}

/** 4xx outcomes are stored and replayed; 5xx ones are not, so the retry runs again. */
async function settleFailure(store: IIdempotencyStore, claim: IdempotencyClaim, req: Request, error: unknown): Promise<void> {
  if (error instanceof DomainError && KEY_CODES.has(error.code)) return;
  const failure = clientFailureOf(error);
  try {
    if (failure) {
      await store.complete(claim, { status: failure.status, body: JSON.stringify(failure.problem), location: null });
    } else {
      await store.release(claim);
    }
  } catch (storeError) {
    // The operation's own error is what the client must see; the key's hold lapses with its lease.
    logRequestError(req.res as Response, storeError, 'could not settle the idempotency record');
  }
}

/** The problem a client error becomes, exactly as the error handler renders it; null for a 5xx. */
export function clientFailureOf(error: unknown): { status: number; problem: StoredProblem } | null {
  const problem = toProblem(error);
  const kind = problem && problemKind(problem.code);
  return problem && kind && kind.status < 500 ? { status: kind.status, problem } : null;
}

/**
 * Success bodies are replayed byte for byte. A stored problem is raised again: same status, type,
 * code and detail, with the replaying request's own requestId.
 */
export function replay(res: Response, response: StoredResponse): void {
  res.setHeader(REPLAYED_HEADER, 'true');
  if (response.status >= 400) {
    const problem = JSON.parse(response.body) as StoredProblem;
    throw new HttpProblem(problem.code, problem.detail, problem.errors, problem.headers);
  }
  send(res, response);
}

export function stored(created: Created): StoredResponse {
  return { status: created.status, body: JSON.stringify(created.body), location: created.location };
}

export function send(res: Response, response: StoredResponse): void {
  if (response.location) res.location(response.location);
  res.status(response.status).type('application/json').send(response.body);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The request's path as its route names it: the matched pattern, lower-case and without a trailing
 * slash, with the (validated) params filled in and ids lower-cased. `/v1/transfers/` and
 * `/V1/transfers`, or an id in capitals, are then the same request as their canonical spelling.
 */
function routePath(req: Request): string {
  const routePattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof routePattern !== 'string') return req.originalUrl.split('?')[0];
  const segments = `${req.baseUrl}${routePattern}`.split('/').map((segment) => {
    if (!segment.startsWith(':')) return segment.toLowerCase();
    const value = String((req.params as Record<string, unknown>)[segment.slice(1)] ?? '');
    return encodeURIComponent(UUID.test(value) ? value.toLowerCase() : value);
  });
  return segments.join('/').replace(/\/+$/, '') || '/';
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted, so that the same body in another key order is the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  // Amounts arrive as bigint (financial.schemas.ts) and print as the JSON integer they were sent as.
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? 'null';
}

import type { Request, Response } from 'express';
import type { IIdempotencyStore, IdempotentRequest, RequestRecord, StoredResponse } from '../../domain/modules/financial/idempotency.port';
import { DomainError } from '../../domain/shared/domain-error';
import type { IUnitOfWork } from '../../domain/shared/unit-of-work.port';
import { HttpProblem } from '../problems/problem';
import { logRequestError } from './http-logger';
import {
  IDEMPOTENCY_KEY_HEADER,
  KEY_CODES,
  clientFailureOf,
  externalKeyOf,
  idempotencyKeyOf,
  idempotentRequestOf,
  replay,
  send,
  stored,
  type IdempotentHandler,
} from './idempotency';

export type Settled = { kind: 'replay' | 'answered'; response: StoredResponse };

/**
 * Idempotency for pure ledger work (holds, and the transfers that their one statement could not
 * answer: see requireIdempotencyInOneStatement), which calls nothing outside the database: the key's
 * record is inserted in the movement's own transaction, so the request commits once. A concurrent
 * repeat of the key waits on the key's unique index (the first attempt's uncommitted row): when the
 * first commits, the repeat finds the stored answer and replays it; when it rolls back, the repeat
 * goes ahead as the first. No lease is kept: the row is never committed unfinished, and a dead
 * connection takes it away with its transaction. Work that calls a gateway must not hold a
 * transaction across the call, and keeps the separate claim of requireIdempotency.
 */
export async function requireIdempotencyInOneCommit<T>(
  store: IIdempotencyStore,
  uow: IUnitOfWork,
  req: Request,
  res: Response,
  handler: IdempotentHandler<T>,
): Promise<void> {
  answer(res, await settleInOneCommit(store, uow, requiredKeyRequest(req, res), req, handler));
}

/** The request of a money movement's required Idempotency-Key (400 without one). */
export function requiredKeyRequest(req: Request, res: Response): IdempotentRequest {
  const key = idempotencyKeyOf(req);
  if (key === undefined) {
    throw new HttpProblem('IDEMPOTENCY_KEY_REQUIRED', `This operation moves money: send an ${IDEMPOTENCY_KEY_HEADER} header so that a retry cannot repeat it`);
  }
  return idempotentRequestOf(req, res, key);
}

export function answer(res: Response, settled: Settled): void {
  if (settled.kind === 'replay') replay(res, settled.response);
  else send(res, settled.response);
}

/** The key claimed, the work run and its answer stored in one transaction, or its refusal stored after it. */
export async function settleInOneCommit<T>(
  store: IIdempotencyStore,
  uow: IUnitOfWork,
  request: IdempotentRequest,
  req: Request,
  handler: IdempotentHandler<T>,
): Promise<Settled> {
  try {
    return await uow.transaction(() => attempt(store, request, handler));
  } catch (error) {
    const repeat = await storeRefusal(store, uow, request, req, error);
    if (!repeat) throw error;
    return repeat;
  }
}

/** Inside the transaction: the key, the work, the answer; all of it commits or none. */
async function attempt<T>(store: IIdempotencyStore, request: IdempotentRequest, handler: IdempotentHandler<T>): Promise<Settled> {
  const outcome = await store.claim(request);
  if (outcome.kind === 'replay') return outcome;
  const { claim } = outcome;
  let response: StoredResponse | undefined;
  const record: RequestRecord<T> = {
    externalKey: externalKeyOf(request),
    resumeFrom: claim.recoveryPoint,
    checkpoint: (stepId) => store.checkpoint(claim, stepId),
    complete: async (result) => {
      const answer = stored(handler.present(result));
      await store.complete(claim, answer);
      response = answer;
    },
    outcome: (result) => {
      const answer = stored(handler.present(result));
      return { kind: 'complete', claim, response: answer, written: () => (response = answer) };
    },
  };
  const result = await handler.run(record);
  assertOutcomeOf(handler, result, response);
  if (!response) {
    response = stored(handler.present(result));
    await store.complete(claim, response);
  }
  return { kind: 'answered', response };
}

/** An outcome written before its result was posted must be the result's: else nothing commits. */
export function assertOutcomeOf<T>(handler: IdempotentHandler<T>, result: T, written: StoredResponse | undefined): void {
  if (written && stored(handler.present(result)).body !== written.body) throw new Error('the stored outcome is not the posted result');
}

/**
 * A 4xx refusal is stored for replay, as with a separate claim. The refusal rolled the attempt back
 * with its key record (a refused statement may have aborted the transaction), so the answer is
 * stored in a commit of its own. If a repeat went ahead meanwhile and stored its answer, that one
 * is what this request answers too (returned): every repeat of a key gets the same response. Null
 * when the caller is to throw its error: stored now, or not to be stored (a 5xx, an error about the
 * key itself).
 */
export async function storeRefusal(store: IIdempotencyStore, uow: IUnitOfWork, request: IdempotentRequest, req: Request, error: unknown): Promise<Settled | null> {
  if (error instanceof DomainError && KEY_CODES.has(error.code)) return null;
  const failure = clientFailureOf(error);
  if (!failure) return null;
  const answer: StoredResponse = { status: failure.status, body: JSON.stringify(failure.problem), location: null };
  try {
    return await uow.transaction(async () => {
      const outcome = await store.claim(request);
      if (outcome.kind === 'replay') return outcome;
      await store.complete(outcome.claim, answer);
      return null;
    });
  } catch (storeError) {
    // The refusal itself is what the client must see; its retry is refused again by the same rule.
    logRequestError(req.res as Response, storeError, 'could not store the refusal for the idempotency key');
    return null;
  }
}

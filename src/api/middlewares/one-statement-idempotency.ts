import type { Request, Response } from 'express';
import { KeyAlreadyRecordedError, type IIdempotencyStore, type IdempotentRequest, type RequestRecord, type StoredResponse } from '../../domain/modules/financial/idempotency.port';
import { DomainError } from '../../domain/shared/domain-error';
import type { IUnitOfWork } from '../../domain/shared/unit-of-work.port';
import { logRequestError } from './http-logger';
import { KEY_CODES, clientFailureOf, externalKeyOf, stored, type IdempotentHandler } from './idempotency';
import { answer, assertOutcomeOf, requiredKeyRequest, settleInOneCommit, type Settled } from './one-commit-idempotency';

/**
 * Idempotency for a movement that its posting statement records whole (transfers): the key's
 * record is inserted, completed, by the statement that posts the movement, so a first request
 * costs no claim, no BEGIN and no COMMIT round trip. A key that already has a record (a repeat to
 * replay, a key reused with another body, a record past its retention) moved nothing, and goes
 * the way of requireIdempotencyInOneCommit, which claims the key first. A refusal (4xx) is stored
 * for replay through a claim of its own, which answers instead when the key already has a record
 * (its stored answer, or the key's own refusal). A 5xx stores nothing: the statement that failed
 * kept nothing, key included.
 */
export async function requireIdempotencyInOneStatement<T>(
  store: IIdempotencyStore,
  uow: IUnitOfWork,
  req: Request,
  res: Response,
  handler: IdempotentHandler<T>,
): Promise<void> {
  const request = requiredKeyRequest(req, res);
  let settled: Settled;
  try {
    settled = await firstTry(request, handler);
  } catch (error) {
    settled = error instanceof KeyAlreadyRecordedError ? await settleInOneCommit(store, uow, request, req, handler) : await storeRefusal(store, uow, request, req, error);
  }
  answer(res, settled);
}

/**
 * The refusal stored under the key, in a commit of its own (the refused statement kept nothing),
 * and thrown for the error handler to answer. When the key already has a record, that record
 * answers instead: its stored response is replayed, and a key reused with another body or still
 * held is refused as such, as it would have been had the key been claimed first.
 */
async function storeRefusal(store: IIdempotencyStore, uow: IUnitOfWork, request: IdempotentRequest, req: Request, error: unknown): Promise<Settled> {
  const failure = clientFailureOf(error);
  if (!failure) throw error;
  const refusal: StoredResponse = { status: failure.status, body: JSON.stringify(failure.problem), location: null };
  let repeat: Settled | null;
  try {
    repeat = await uow.transaction(async () => {
      const outcome = await store.claim(request);
      if (outcome.kind === 'replay') return outcome;
      await store.complete(outcome.claim, refusal);
      return null;
    });
  } catch (storeError) {
    if (storeError instanceof DomainError && KEY_CODES.has(storeError.code)) throw storeError;
    // The refusal itself is what the client must see; its retry is refused again by the same rule.
    logRequestError(req.res as Response, storeError, 'could not store the refusal for the idempotency key');
    throw error;
  }
  if (repeat) return repeat;
  throw error;
}

async function firstTry<T>(request: IdempotentRequest, handler: IdempotentHandler<T>): Promise<Settled> {
  let response: StoredResponse | undefined;
  const unclaimed = () => Promise.reject(new Error('a request recorded by its posting statement holds no claim'));
  const record: RequestRecord<T> = {
    externalKey: externalKeyOf(request),
    resumeFrom: null,
    checkpoint: unclaimed,
    complete: unclaimed,
    outcome: (result) => {
      const written = stored(handler.present(result));
      return { kind: 'insert', request, response: written, written: () => (response = written) };
    },
  };
  const result = await handler.run(record);
  // The movement committed with the record: a mismatch here is a defect the answer must not hide.
  assertOutcomeOf(handler, result, response);
  if (!response) throw new Error('the posting statement did not record the request');
  return { kind: 'answered', response };
}

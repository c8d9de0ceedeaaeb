import type { Request, Response } from 'express';
import { KeyAlreadyRecordedError, type IIdempotencyStore, type IdempotentRequest, type RequestRecord, type StoredResponse } from '../../domain/modules/financial/idempotency.port';
import type { IUnitOfWork } from '../../domain/shared/unit-of-work.port';
import { clientFailureOf, externalKeyOf, stored, type IdempotentHandler } from './idempotency';
import { answer, assertOutcomeOf, requiredKeyRequest, settleInOneCommit, type Settled } from './one-commit-idempotency';

/**
 * Idempotency for a movement that its posting statement records whole (transfers): the key's
 * record is inserted, completed, by the statement that posts the movement, so a first request
 * costs no claim, no BEGIN and no COMMIT round trip. A key that already has a record (a repeat to
 * replay, a key reused with another body, a record past its retention) moved nothing, and goes
 * the way of requireIdempotencyInOneCommit, which claims the key first. So does a refusal (4xx):
 * the rules ran before the key was read, so it may be a repeat's (of a transfer that emptied the
 * account), and only the claimed run may answer or store it. A 5xx stores nothing: the statement
 * that failed kept nothing, key included.
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
    if (!(error instanceof KeyAlreadyRecordedError) && !clientFailureOf(error)) throw error;
    settled = await settleInOneCommit(store, uow, request, req, handler);
  }
  answer(res, settled);
}

async function firstTry<T>(request: IdempotentRequest, handler: IdempotentHandler<T>): Promise<Settled> {
  let response: StoredResponse | undefined;
  const unclaimed = () => Promise.reject(new Error('a request recorded by its posting statement holds no claim'));
  const record: RequestRecord<T> = {
    externalKey: externalKeyOf(request),
    resumeFrom: null,
    keyUnread: true,
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

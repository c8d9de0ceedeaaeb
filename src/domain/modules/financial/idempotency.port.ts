/**
 * Idempotency keys (SPEC section 5). The database decides, so that several instances sharing it
 * agree: a key is claimed by one attempt at a time, its outcome is stored in the same transaction
 * as the ledger change, and a repeat gets that stored outcome back.
 */

/** A client request identified by its Idempotency-Key. */
export interface IdempotentRequest {
  /** Whose key it is (principalKey of the caller): keys of different callers never meet. */
  scope: string;
  key: string;
  method: string;
  path: string;
  /** Hash of the request body: the same key with another body is a misuse. */
  requestHash: string;
}

/** The response first given to a request, replayed byte for byte to its repeats. */
export interface StoredResponse {
  status: number;
  body: string;
  location: string | null;
}

/** One attempt's hold on a key. Only the holder of the current token may write the outcome. */
export interface IdempotencyClaim {
  id: string;
  token: string;
  /**
   * The id of a first step an interrupted earlier attempt committed, if any: a withdrawal's hold,
   * or a refund's debit.
   */
  recoveryPoint: string | null;
}

/**
 * `complete` as a write for the statement that commits the change itself (one round trip instead
 * of two), with the response it stores; the statement calls `written` once it stored it.
 * `complete`: the claim this attempt holds, completed by its token (a claim taken over fails the
 * statement, as `complete` would have thrown). `insert`: no claim was taken; the statement inserts
 * the key's record, completed, before anything else, and moves nothing when the key already has a
 * record (KeyAlreadyRecordedError): the request is then answered from that record.
 */
export type OutcomeWrite =
  | { readonly kind: 'complete'; readonly claim: IdempotencyClaim; readonly response: StoredResponse; written(): void }
  | { readonly kind: 'insert'; readonly request: IdempotentRequest; readonly response: StoredResponse; written(): void };

/** Not a client's answer: the key already had a record, so nothing was posted; the request is answered from it. */
export class KeyAlreadyRecordedError extends Error {
  override readonly name = 'KeyAlreadyRecordedError';
  constructor() {
    super('the Idempotency-Key already has a record: nothing was posted');
  }
}

export type ClaimOutcome = { kind: 'claimed'; claim: IdempotencyClaim } | { kind: 'replay'; response: StoredResponse };

export interface IIdempotencyStore {
  /**
   * Claims the key and returns the claim, or returns the
   * stored response of a finished request. Throws IdempotencyKeyReusedError when the key came with
   * another request, IdempotencyInProgressError while another attempt holds it. An attempt whose
   * hold lapsed (it crashed) is taken over. Outside a transaction the claim commits at once; inside
   * one it commits with that transaction's work, and a concurrent claim of the same key waits for
   * that transaction to end (the key's unique index), then replays its answer or claims afresh.
   */
  claim(request: IdempotentRequest): Promise<ClaimOutcome>;
  /** In the caller's transaction: records (or clears) the id of the attempt's committed first step. */
  checkpoint(claim: IdempotencyClaim, stepId: string | null): Promise<void>;
  /**
   * In the caller's transaction: stores the final response, so that it commits with the ledger
   * change or not at all. Throws IdempotencyInProgressError when the claim was taken over.
   */
  complete(claim: IdempotencyClaim, response: StoredResponse): Promise<void>;
  /**
   * Drops the attempt without storing an outcome (5xx): the retry runs again. A claim with a
   * recovery point is kept, released for an immediate takeover, so the retry resumes from it.
   * When the database is unreachable the release is retried in the background and this resolves.
   */
  release(claim: IdempotencyClaim): Promise<void>;
  /**
   * Keeps the attempt's hold from lapsing while it runs (the lease is short, so that a crashed
   * attempt's key is taken over quickly); returns the function that stops it.
   */
  keepAlive(claim: IdempotencyClaim): () => void;
  /** Deletes finished records past their retention; returns how many. */
  purgeExpired(): Promise<number>;
}

/**
 * What an operation sees of its request's idempotency record: it writes its outcome (and, for a
 * two-step withdrawal or refund, its first step) inside its own database transactions.
 */
export interface RequestRecord<T> {
  /** Stable across retries of one request: the idempotency key handed to the payment gateway. */
  readonly externalKey: string;
  /** The first step an interrupted earlier attempt of this request committed, if any. */
  readonly resumeFrom: string | null;
  /** Inside the transaction that commits a first step, with its id (or undoes it, with null). */
  checkpoint(stepId: string | null): Promise<void>;
  /** Inside the transaction that commits the outcome: the last write before the commit. */
  complete(result: T): Promise<void>;
  /**
   * What `complete(result)` writes, for the posting statement to write with the change; null when
   * it writes nothing (no request behind the work). Only for a result whose response is known
   * before it is posted (a transaction's response shows no balances).
   */
  outcome(result: T): OutcomeWrite | null;
  /**
   * True while the request's key has not been read (a transfer's first try, whose key the posting
   * statement writes): a refusal found then may be a repeat's, so it is neither answered nor
   * counted until the key is claimed and the request run again.
   */
  readonly keyUnread?: boolean;
}

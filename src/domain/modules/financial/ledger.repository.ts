import type { NewEvent } from '../../shared/events.port';
import type { Page, PageQuery } from '../../shared/pagination';
import type { OutcomeWrite } from './idempotency.port';
import type { IntegrityReport } from './integrity-report';
import type { LedgerTransaction } from './ledger-transaction.entity';
import type { Money } from './money.value-object';
import type { StatementLine } from './statement-line';

/**
 * A transfer posted in one atomic step: the two resulting balances, or the account whose rules
 * refused it (then nothing of it was written).
 */
export type TransferPosting = { kind: 'posted'; fromBalance: Money; toBalance: Money } | { kind: 'refused'; accountId: string };

/** A deposit's balances once posted, or the refusal of its customer account (then nothing was written). */
export type DepositPosting = { kind: 'posted'; accountBalance: Money; settlementBalance: Money } | { kind: 'refused' };

/**
 * What a posting statement writes with the movement when it is posted, and only then: the
 * transaction's event, and the request's idempotency outcome (null when no request is completed).
 */
export interface PostingRecords {
  event: NewEvent;
  outcome: OutcomeWrite | null;
}

/** Transactions and entries are append-only: nothing here updates or deletes an entry. */
export interface ILedgerRepository {
  /** Stores a posted transaction and its entries; a second reversal of one transaction throws AlreadyReversedError. */
  record(transaction: LedgerTransaction): Promise<void>;
  /**
   * Moves a transfer's balances (conditional updates, in account id order) and stores it with its
   * entries, all in one statement with its records. Throws BalanceLimitExceededError when the credit
   * would pass the limit, IdempotencyInProgressError when the outcome's claim was taken over,
   * KeyAlreadyRecordedError (nothing posted) when the outcome inserts a key that has a record.
   */
  postTransfer(transfer: LedgerTransaction, records: PostingRecords): Promise<TransferPosting>;
  /**
   * Credits a deposit's account whatever its status, debits the settlement account and stores the
   * deposit with its entries, all in one statement; refused only when the account is not a customer
   * account of that currency, all in one statement with its records. Throws BalanceLimitExceededError
   * when a balance would pass the limit, IdempotencyInProgressError when the outcome's claim was taken over.
   */
  postDeposit(deposit: LedgerTransaction, records: PostingRecords): Promise<DepositPosting>;
  /** `forUpdate` locks the transaction's row until the surrounding transaction ends (refunds of a deposit queue on it). */
  findById(id: string, options?: { forUpdate?: boolean }): Promise<LedgerTransaction | null>;
  /** What the refunds of a deposit took, leaving out refunds put back after their gateway call failed. */
  refundedAmount(depositId: string, currency: string): Promise<Money>;
  /**
   * A withdrawal's or refund's payout was made: records the gateway's id and the state `paid` together
   * (set once; a second call changes nothing).
   */
  recordPayoutPaid(transactionId: string, reference: string): Promise<void>;
  /** A withdrawal's or refund's debit was put back by a reversal (same transaction): the state `returned`. */
  recordPayoutReturned(transactionId: string): Promise<void>;
  /** The account's entries, newest first, keyed by entry id. */
  statement(accountId: string, query: PageQuery<string>): Promise<Page<StatementLine, string>>;
  /** Checks every transaction sums to zero and every balance equals the sum of its entries. */
  verify(): Promise<IntegrityReport>;
}

import { ValidationError } from '../../shared/domain-error';
import type { Account } from './account.entity';
import { AccountClosedError, CurrencyMismatchError, SameAccountError, SystemAccountError } from './financial.errors';
import { CaptureExceedsHoldError, HoldNotPendingError, WithdrawalHoldError } from './hold.errors';
import type { Money } from './money.value-object';

/**
 * `pending` reserves the amount on the source; it resolves once: `captured` (in whole or part,
 * the rest released), `voided`, or `expired` at expiresAt.
 */
export type HoldStatus = 'pending' | 'captured' | 'voided' | 'expired';

/**
 * `transfer`: a two-phase transfer between customer accounts, resolved by its client (capture,
 * void) or by its expiry. `withdrawal`: a withdrawal's money, reserved while its payout runs; it
 * has no destination account and no expiry, and only the withdrawal resolves it (captured when
 * the gateway has paid, voided when the payout certainly failed).
 */
export type HoldKind = 'transfer' | 'withdrawal';

/** 7 days when the request names no expiry; at most 30 days. */
export const DEFAULT_HOLD_SECONDS = 7 * 24 * 3600;
export const MAX_HOLD_SECONDS = 30 * 24 * 3600;

export interface HoldState {
  id: string;
  kind: HoldKind;
  fromAccountId: string;
  /** Null for a withdrawal: its money leaves through the payment gateway. */
  toAccountId: string | null;
  amount: Money;
  /** What the capture posted (captured holds only). */
  capturedAmount: Money | null;
  /** As stored: a pending row past its expiry is expired all the same (statusAt). */
  status: HoldStatus;
  description: string | null;
  /** Null for a withdrawal: it stays reserved until the payout's outcome is known. */
  expiresAt: Date | null;
  createdAt: Date;
  resolvedAt: Date | null;
  captureTransactionId: string | null;
}

export interface NewHold {
  id: string;
  from: Account;
  to: Account;
  money: Money;
  expiresInSeconds: number;
  description?: string | null;
  now: Date;
}

/**
 * Money reserved on one customer account for another: no money moves until the capture, which
 * posts a `capture` transaction. Expiry needs no sweeper to be true: from expiresAt on, every
 * read and rule sees the hold as expired.
 */
export class Hold {
  private constructor(private readonly state: HoldState) {}

  /**
   * The rules of a transfer between the two accounts, as loaded; `from` states its reservation
   * rules (active, available balance) and reserves the money on the entity it was given.
   */
  static place(input: NewHold): Hold {
    const { from, to, money, now } = input;
    if (from.id === to.id) throw new SameAccountError();
    if (to.isSystem) throw new SystemAccountError();
    if (to.currency !== money.currency) throw new CurrencyMismatchError(to.currency, money.currency);
    if (to.status === 'closed') throw new AccountClosedError();
    if (!Number.isInteger(input.expiresInSeconds) || input.expiresInSeconds < 1 || input.expiresInSeconds > MAX_HOLD_SECONDS) {
      throw new ValidationError('expiresInSeconds', `must be an integer from 1 to ${MAX_HOLD_SECONDS}`);
    }
    from.reserve(money, now);
    return new Hold({
      id: input.id,
      kind: 'transfer',
      fromAccountId: from.id,
      toAccountId: to.id,
      amount: money,
      capturedAmount: null,
      status: 'pending',
      description: input.description ?? null,
      expiresAt: new Date(now.getTime() + input.expiresInSeconds * 1000),
      createdAt: now,
      resolvedAt: null,
      captureTransactionId: null,
    });
  }

  /** A withdrawal's money, reserved on `from` (the rules of a debit) while the payout runs. */
  static forWithdrawal(input: Omit<NewHold, 'to' | 'expiresInSeconds'>): Hold {
    const { from, money, now } = input;
    from.reserve(money, now);
    return new Hold({
      id: input.id,
      kind: 'withdrawal',
      fromAccountId: from.id,
      toAccountId: null,
      amount: money,
      capturedAmount: null,
      status: 'pending',
      description: input.description ?? null,
      expiresAt: null,
      createdAt: now,
      resolvedAt: null,
      captureTransactionId: null,
    });
  }

  /** Rebuilds a hold already stored; no rule is re-applied. */
  static restore(state: HoldState): Hold {
    return new Hold({ ...state });
  }

  get id(): string {
    return this.state.id;
  }
  get kind(): HoldKind {
    return this.state.kind;
  }
  get fromAccountId(): string {
    return this.state.fromAccountId;
  }
  get toAccountId(): string | null {
    return this.state.toAccountId;
  }
  get amount(): Money {
    return this.state.amount;
  }
  get currency(): string {
    return this.state.amount.currency;
  }
  get capturedAmount(): Money | null {
    return this.state.capturedAmount;
  }
  get status(): HoldStatus {
    return this.state.status;
  }
  get description(): string | null {
    return this.state.description;
  }
  get expiresAt(): Date | null {
    return this.state.expiresAt;
  }
  get createdAt(): Date {
    return this.state.createdAt;
  }
  get resolvedAt(): Date | null {
    return this.state.resolvedAt;
  }
  get captureTransactionId(): string | null {
    return this.state.captureTransactionId;
  }

  /** The status at `now`: a pending hold is expired from expiresAt on, swept or not. */
  statusAt(now: Date): HoldStatus {
    const { status, expiresAt } = this.state;
    return status === 'pending' && expiresAt !== null && expiresAt.getTime() <= now.getTime() ? 'expired' : status;
  }

  /** The hold as it is at `now`: an unswept expired one reads expired, resolved at its expiry. */
  asOf(now: Date): Hold {
    if (this.statusAt(now) === this.state.status) return this;
    return new Hold({ ...this.state, status: 'expired', resolvedAt: this.state.expiresAt });
  }

  /**
   * A capture or void asked by a client (POST /v1/holds/{id}/capture or /void): a withdrawal's
   * hold is not theirs to resolve, since the payout may already have sent the money.
   */
  assertResolvableByClient(): void {
    if (this.state.kind === 'withdrawal') throw new WithdrawalHoldError();
  }

  /**
   * Captures `money` (the whole hold when omitted) by the transaction `transactionId`; the rest
   * is released. Answers the amount to post.
   */
  capture(money: Money | undefined, transactionId: string, now: Date): Money {
    this.assertPending(now);
    const captured = money ?? this.state.amount;
    if (captured.currency !== this.currency) throw new CurrencyMismatchError(this.currency, captured.currency);
    if (!captured.isPositive()) throw new ValidationError('amount', 'must be positive');
    if (captured.minus(this.state.amount).isPositive()) throw new CaptureExceedsHoldError(this.state.amount);
    this.resolve('captured', now);
    this.state.capturedAmount = captured;
    this.state.captureTransactionId = transactionId;
    return captured;
  }

  /** Releases the whole hold. */
  void(now: Date): void {
    this.assertPending(now);
    this.resolve('voided', now);
  }

  private assertPending(now: Date): void {
    const status = this.statusAt(now);
    if (status !== 'pending') throw new HoldNotPendingError(status);
  }

  private resolve(status: 'captured' | 'voided', now: Date): void {
    this.state.status = status;
    this.state.resolvedAt = now;
  }
}

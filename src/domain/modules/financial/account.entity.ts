import { ValidationError } from '../../shared/domain-error';
import {
  AccountBalanceNotZeroError,
  BalanceLimitExceededError,
  AccountClosedError,
  AccountFrozenError,
  CurrencyMismatchError,
  InsufficientFundsError,
  SystemAccountError,
} from './financial.errors';
import { MAX_BALANCE, Money } from './money.value-object';

export type AccountStatus = 'active' | 'frozen' | 'closed';

/** Customer accounts belong to a user and never go below zero; system accounts (settlement) may. */
export type AccountKind = 'customer' | 'system';

export interface AccountState {
  id: string;
  kind: AccountKind;
  ownerId: number | null;
  currency: string;
  status: AccountStatus;
  /** Posted balance: the sum of the account's entries. */
  balance: Money;
  /** Reserved by the account's pending holds (those not yet expired); never more than the balance. */
  pendingBalance: Money;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewAccount {
  id: string;
  ownerId: number;
  currency: string;
  now: Date;
}

/**
 * How many settlement accounts each currency has. Every deposit debits one, and a single row would
 * make all deposits wait on its lock in turn (statement and commit); spread over shards, only
 * movements of customer accounts on the same shard wait on each other. Their sum is the currency's
 * settlement balance. At most 16: the shard is one hex digit of the id (and the database's CHECK).
 */
export const SETTLEMENT_SHARDS = 16;

const SETTLEMENT_PREFIX = '00000000-0000-4000-800';

const currencyHex = (currency: string): string => Array.from(currency, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('').padStart(12, '0');

/**
 * The id of one of the gateway settlement accounts of a currency: fixed, so that it is created on
 * first use without a lookup and every instance agrees on it. Shard 0 is the one account there was
 * before shards: `BRL` -> 00000000-0000-4000-8000-00000042524c; shard 5 -> ...-8005-00000042524c.
 */
export function settlementAccountId(currency: string, shard = 0): string {
  if (!Number.isInteger(shard) || shard < 0 || shard >= SETTLEMENT_SHARDS) throw new RangeError(`settlement shard ${shard} out of range`);
  return `${SETTLEMENT_PREFIX}${shard.toString(16)}-${currencyHex(currency)}`;
}

/**
 * The settlement account that a customer account's money enters and leaves through: a hash of the
 * customer account's id, so that one account's deposits, withdrawals and refunds always meet the
 * same shard (they already wait on the customer's own row) and different accounts spread evenly.
 */
export function settlementAccountFor(accountId: string, currency: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < accountId.length; i++) hash = Math.imul(hash ^ accountId.charCodeAt(i), 0x01000193);
  return settlementAccountId(currency, (hash >>> 0) % SETTLEMENT_SHARDS);
}

/** Whether the id is one of the currency's settlement accounts, whichever shard. */
export function isSettlementAccountId(id: string, currency: string): boolean {
  return id.length === 36 && id.startsWith(SETTLEMENT_PREFIX) && id.endsWith(`-${currencyHex(currency)}`);
}

/**
 * An account holding one currency. The rules here are the ones the database enforces atomically
 * (conditional UPDATE and CHECK constraints); the entity states them and explains a refusal.
 */
export class Account {
  private constructor(private readonly state: AccountState) {}

  static open(input: NewAccount): Account {
    return new Account({
      id: input.id,
      kind: 'customer',
      ownerId: input.ownerId,
      currency: input.currency,
      status: 'active',
      balance: Money.zero(input.currency),
      pendingBalance: Money.zero(input.currency),
      createdAt: input.now,
      updatedAt: input.now,
    });
  }

  /** A system account money enters through (deposits) and leaves through (withdrawals). */
  static settlement(currency: string, now: Date, shard = 0): Account {
    return new Account({
      id: settlementAccountId(currency, shard),
      kind: 'system',
      ownerId: null,
      currency,
      status: 'active',
      balance: Money.zero(currency),
      pendingBalance: Money.zero(currency),
      createdAt: now,
      updatedAt: now,
    });
  }

  /** Rebuilds an account already stored; no rule is re-applied. */
  static restore(state: AccountState): Account {
    return new Account({ ...state });
  }

  get id(): string {
    return this.state.id;
  }
  get kind(): AccountKind {
    return this.state.kind;
  }
  get ownerId(): number | null {
    return this.state.ownerId;
  }
  get currency(): string {
    return this.state.currency;
  }
  get status(): AccountStatus {
    return this.state.status;
  }
  get balance(): Money {
    return this.state.balance;
  }
  get pendingBalance(): Money {
    return this.state.pendingBalance;
  }
  /** What a debit may take: the posted balance less what pending holds reserve. */
  get availableBalance(): Money {
    return this.state.balance.minus(this.state.pendingBalance);
  }
  get createdAt(): Date {
    return this.state.createdAt;
  }
  get updatedAt(): Date {
    return this.state.updatedAt;
  }
  get isSystem(): boolean {
    return this.state.kind === 'system';
  }

  /**
   * Takes money out. Customer accounts must be active and keep an available balance (posted less
   * held) of zero or more: money a hold reserves cannot be spent twice.
   * `evenIfInactive` is for money returned to where it came from (a refund to the payer, a closed
   * account's balance swept to its owner): it may leave a frozen or closed account, never below zero.
   */
  debit(money: Money, now: Date, options: { evenIfInactive?: boolean } = {}): void {
    this.assertMovable(money);
    if (!this.isSystem) {
      if (!options.evenIfInactive && this.state.status === 'closed') throw new AccountClosedError();
      if (!options.evenIfInactive && this.state.status === 'frozen') throw new AccountFrozenError();
      if (this.availableBalance.minus(money).isNegative()) throw new InsufficientFundsError();
    }
    this.changeBalance(this.state.balance.minus(money), now);
  }

  /**
   * Reserves money for a hold: no money moves, the available balance drops. The rules of a debit
   * (an active customer account whose available balance covers it); system accounts hold nothing.
   */
  reserve(money: Money, now: Date): void {
    if (this.isSystem) throw new SystemAccountError();
    this.assertMovable(money);
    if (this.state.status === 'closed') throw new AccountClosedError();
    if (this.state.status === 'frozen') throw new AccountFrozenError();
    if (this.availableBalance.minus(money).isNegative()) throw new InsufficientFundsError();
    this.state.pendingBalance = this.state.pendingBalance.plus(money);
    this.state.updatedAt = now;
  }

  /** Puts money in. Frozen accounts still receive; closed ones do not. */
  credit(money: Money, now: Date): void {
    this.assertMovable(money);
    if (this.state.status === 'closed') throw new AccountClosedError();
    this.changeBalance(this.state.balance.plus(money), now);
  }

  close(now: Date): void {
    if (this.isSystem) throw new SystemAccountError();
    if (this.state.status === 'closed') throw new AccountClosedError();
    if (!this.state.balance.isZero()) throw new AccountBalanceNotZeroError();
    this.state.status = 'closed';
    this.state.updatedAt = now;
  }

  /** Stops debits (the owner was deactivated); credits still arrive. */
  freeze(now: Date): void {
    this.changeStatus('frozen', now);
  }

  unfreeze(now: Date): void {
    this.changeStatus('active', now);
  }

  private changeStatus(status: 'active' | 'frozen', now: Date): void {
    if (this.isSystem) throw new SystemAccountError();
    if (this.state.status === 'closed') throw new AccountClosedError();
    this.state.status = status;
    this.state.updatedAt = now;
  }

  /** Every balance stays a JSON-safe integer: the database's CHECK constraint, stated here too. */
  private changeBalance(next: Money, now: Date): void {
    if (next.amount > MAX_BALANCE || next.amount < -MAX_BALANCE) throw new BalanceLimitExceededError();
    this.state.balance = next;
    this.state.updatedAt = now;
  }

  private assertMovable(money: Money): void {
    if (money.currency !== this.state.currency) throw new CurrencyMismatchError(this.state.currency, money.currency);
    if (!money.isPositive()) throw new ValidationError('amount', 'must be positive');
  }
}

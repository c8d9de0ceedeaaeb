import { ValidationError } from '../../shared/domain-error';
import { CurrencyMismatchError } from './financial.errors';

const CURRENCY = /^[A-Z]{3}$/;

/** The largest movement the API accepts, in minor units (10^12). */
export const MAX_MOVEMENT_AMOUNT = 1_000_000_000_000n;

/**
 * The largest magnitude a JSON number carries exactly (2^53 - 1). Stored balances are capped to it
 * by a database CHECK, so every balance can be written as a plain JSON integer.
 */
export const MAX_BALANCE = 9_007_199_254_740_991n;

/**
 * An amount of one currency in integer minor units (cents). The amount is a bigint from end to end:
 * no floating point ever touches it. Arithmetic between two currencies is refused.
 */
export class Money {
  private constructor(
    readonly amount: bigint,
    readonly currency: string,
  ) {}

  /** Any integer amount (negative for ledger debits); the currency must be an ISO 4217 code. */
  static of(amount: bigint, currency: string): Money {
    if (!CURRENCY.test(currency)) throw new ValidationError('currency', 'must be a three-letter ISO 4217 code');
    return new Money(amount, currency);
  }

  static zero(currency: string): Money {
    return Money.of(0n, currency);
  }

  /** The amount of a deposit, withdrawal or transfer: 1 to 10^12 minor units. */
  static movement(amount: bigint, currency: string): Money {
    if (amount < 1n || amount > MAX_MOVEMENT_AMOUNT) {
      throw new ValidationError('amount', `must be an integer number of minor units from 1 to ${MAX_MOVEMENT_AMOUNT}`);
    }
    return Money.of(amount, currency);
  }

  plus(other: Money): Money {
    this.assertSameCurrency(other);
    return new Money(this.amount + other.amount, this.currency);
  }

  minus(other: Money): Money {
    this.assertSameCurrency(other);
    return new Money(this.amount - other.amount, this.currency);
  }

  negated(): Money {
    return new Money(-this.amount, this.currency);
  }

  isZero(): boolean {
    return this.amount === 0n;
  }

  isPositive(): boolean {
    return this.amount > 0n;
  }

  isNegative(): boolean {
    return this.amount < 0n;
  }

  equals(other: Money): boolean {
    return this.currency === other.currency && this.amount === other.amount;
  }

  /**
   * The amount as a JSON-safe integer. Balances are capped at 2^53 - 1 by the database, so this
   * only fails on a defect; it never rounds.
   */
  toSafeInteger(): number {
    if (this.amount > MAX_BALANCE || this.amount < -MAX_BALANCE) throw new RangeError(`${this} exceeds the JSON-safe integer range`);
    return Number(this.amount);
  }

  toString(): string {
    return `${this.amount} ${this.currency}`;
  }

  private assertSameCurrency(other: Money): void {
    if (other.currency !== this.currency) throw new CurrencyMismatchError(this.currency, other.currency);
  }
}

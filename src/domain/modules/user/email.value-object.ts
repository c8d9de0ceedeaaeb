import { ValidationError } from '../../shared/domain-error';
import { UNSAFE_TEXT_MESSAGE, hasUnsafeCharacters } from '../../shared/unsafe-text';

const MAX_LENGTH = 254;
// Deliberately modest: one @, no spaces, a dotted domain. Deliverability is proven by mail, not regex.
const SANE_EMAIL = /^[^\s@"(),:;<>[\\\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export class Email {
  private constructor(readonly value: string) {}

  /** Trims and lower-cases; throws ValidationError on anything that is not a plausible address. */
  static parse(input: string): Email {
    if (hasUnsafeCharacters(input)) throw new ValidationError('email', UNSAFE_TEXT_MESSAGE);
    const value = input.trim().toLowerCase();
    if (value.length > MAX_LENGTH || !SANE_EMAIL.test(value)) {
      throw new ValidationError('email', 'must be a valid email address of at most 254 characters');
    }
    return new Email(value);
  }

  equals(other: Email): boolean {
    return other.value === this.value;
  }
}

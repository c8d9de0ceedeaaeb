import { ValidationError } from '../../shared/domain-error';

/** A plain-text password on its way to the hasher; never stored or logged. */
export class Password {
  private constructor(readonly value: string) {}

  /** 12 to 128 characters; length is what matters, so no composition rules. */
  static parse(input: string): Password {
    if (input.length < 12 || input.length > 128) {
      throw new ValidationError('password', 'must be 12 to 128 characters long');
    }
    return new Password(input);
  }
}

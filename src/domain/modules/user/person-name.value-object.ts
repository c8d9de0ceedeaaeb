import { ValidationError } from '../../shared/domain-error';

export class PersonName {
  private constructor(readonly value: string) {}

  /** Trimmed, 3 to 100 characters. */
  static parse(input: string): PersonName {
    const value = input.trim();
    if (value.length < 3 || value.length > 100) {
      throw new ValidationError('name', 'must be 3 to 100 characters long');
    }
    return new PersonName(value);
  }
}

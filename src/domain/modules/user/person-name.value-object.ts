import { ValidationError } from '../../shared/domain-error';
import { UNSAFE_TEXT_MESSAGE, hasUnsafeCharacters } from '../../shared/unsafe-text';

export class PersonName {
  private constructor(readonly value: string) {}

  /** Trimmed, 3 to 100 characters, none of them control, invisible or direction characters. */
  static parse(input: string): PersonName {
    if (hasUnsafeCharacters(input)) throw new ValidationError('name', UNSAFE_TEXT_MESSAGE);
    const value = input.trim();
    if (value.length < 3 || value.length > 100) {
      throw new ValidationError('name', 'must be 3 to 100 characters long');
    }
    return new PersonName(value);
  }
}

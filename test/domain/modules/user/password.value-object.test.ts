import { expect } from 'chai';
import { Password } from '../../../../src/domain/modules/user/password.value-object';
import { ValidationError } from '../../../../src/domain/shared/domain-error';

describe('Password', () => {
  it('accepts 12 characters, kept as given (no trimming)', () => {
    expect(Password.parse(' abcdefghij ').value).to.equal(' abcdefghij ');
  });

  it('accepts 128 characters', () => {
    expect(Password.parse('x'.repeat(128)).value).to.have.length(128);
  });

  for (const length of [0, 11, 129]) {
    it(`refuses ${length} characters`, () => {
      expect(() => Password.parse('x'.repeat(length)))
        .to.throw(ValidationError)
        .with.property('field', 'password');
    });
  }
});

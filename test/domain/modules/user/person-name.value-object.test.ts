import { expect } from 'chai';
import { PersonName } from '../../../../src/domain/modules/user/person-name.value-object';
import { ValidationError } from '../../../../src/domain/shared/domain-error';

describe('PersonName', () => {
  it('trims', () => {
    expect(PersonName.parse('  Ana Silva  ').value).to.equal('Ana Silva');
  });

  it('accepts 3 and 100 characters', () => {
    expect(PersonName.parse('Ana').value).to.equal('Ana');
    expect(PersonName.parse('a'.repeat(100)).value).to.have.length(100);
  });

  for (const [input, why] of [
    ['Al', '2 characters'],
    ['  Al   ', '2 characters once trimmed'],
    ['     ', 'only spaces'],
    ['a'.repeat(101), '101 characters'],
    ['Ana\u0000 Silva', 'a NUL'],
    ['Ana \u202eavliS', 'a right-to-left override'],
    ['Ana\u200b Silva', 'a zero-width space'],
  ]) {
    it(`refuses ${why}`, () => {
      expect(() => PersonName.parse(input))
        .to.throw(ValidationError)
        .with.property('field', 'name');
    });
  }
});

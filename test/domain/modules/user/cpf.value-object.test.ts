import { expect } from 'chai';
import { Cpf } from '../../../../src/domain/modules/user/cpf.value-object';
import { InvalidCpfError } from '../../../../src/domain/modules/user/user.errors';

describe('Cpf', () => {
  describe('valid vectors', () => {
    for (const [input, digits] of [
      ['529.982.247-25', '52998224725'],
      ['52998224725', '52998224725'],
      ['111.444.777-35', '11144477735'],
      ['11144477735', '11144477735'],
      // Both check digits come out of the "rest is 10, so 0" rule.
      ['123.456.789-09', '12345678909'],
    ]) {
      it(`accepts ${input} and stores ${digits}`, () => {
        expect(Cpf.parse(input).value).to.equal(digits);
        expect(Cpf.isValid(input)).to.equal(true);
      });
    }
  });

  describe('invalid vectors', () => {
    const repeated = Array.from({ length: 10 }, (_, d) => String(d).repeat(11));
    const cases: [string, string][] = [
      ['123.456.789-10', 'wrong check digits'],
      ['529.982.247-35', 'wrong first check digit'],
      ['529.982.247-26', 'right first, wrong second check digit'],
      ...repeated.map((r): [string, string] => [r, 'ten repeated digits']),
      ...repeated.map((r): [string, string] => [`${r.slice(0, 3)}.${r.slice(3, 6)}.${r.slice(6, 9)}-${r.slice(9)}`, 'repeated digits, formatted']),
      ['5299822472', '10 digits'],
      ['529982247250', '12 digits'],
      ['529.982.247-2', '10 digits, formatted'],
      ['529.982.247-250', '12 digits, formatted'],
      ['5299822472a', 'a letter'],
      ['abc.def.ghi-jk', 'letters, formatted'],
      ['529.982247-25', 'missing a dot'],
      ['529-982-247.25', 'punctuation in the wrong places'],
      ['529.982.247.25', 'dot instead of dash'],
      ['529 982 247 25', 'spaces'],
      ['529.982.247/25', 'slash'],
      ['529..982.247-25', 'doubled punctuation'],
      [' 52998224725', 'leading space'],
      ['52998224725 ', 'trailing space'],
      ['５２９９８２２４７２５', 'full-width digits'],
      ['', 'empty'],
    ];
    for (const [input, why] of cases) {
      it(`refuses ${JSON.stringify(input)} (${why})`, () => {
        expect(() => Cpf.parse(input)).to.throw(InvalidCpfError);
        expect(Cpf.isValid(input)).to.equal(false);
      });
    }
  });

  it('formats as 000.000.000-00', () => {
    expect(Cpf.parse('52998224725').formatted()).to.equal('529.982.247-25');
  });

  it('masks all but the last four digits', () => {
    expect(Cpf.parse('529.982.247-25').masked()).to.equal('***.***.*47-25');
  });

  it('equals another CPF with the same digits, whatever the input form', () => {
    expect(Cpf.parse('529.982.247-25').equals(Cpf.parse('52998224725'))).to.equal(true);
    expect(Cpf.parse('529.982.247-25').equals(Cpf.parse('111.444.777-35'))).to.equal(false);
  });

  it('raises an error with a stable code', () => {
    try {
      Cpf.parse('123');
      expect.fail('parse should have thrown');
    } catch (error) {
      expect(error).to.be.instanceOf(InvalidCpfError);
      expect((error as InvalidCpfError).code).to.equal('INVALID_CPF');
    }
  });
});

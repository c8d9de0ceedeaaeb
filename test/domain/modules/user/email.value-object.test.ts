import { expect } from 'chai';
import { Email } from '../../../../src/domain/modules/user/email.value-object';
import { ValidationError } from '../../../../src/domain/shared/domain-error';

describe('Email', () => {
  it('trims and lower-cases', () => {
    expect(Email.parse('  Ana.Silva@Example.COM ').value).to.equal('ana.silva@example.com');
  });

  for (const input of ['a@b.co', 'first.last+tag@sub.example.com.br', "o'brien@example.org", 'x@a-b.example']) {
    it(`accepts ${input}`, () => {
      expect(Email.parse(input).value).to.equal(input);
    });
  }

  it('accepts exactly 254 characters', () => {
    const input = `${'a'.repeat(254 - '@example.com'.length)}@example.com`;
    expect(input).to.have.length(254);
    expect(Email.parse(input).value).to.equal(input);
  });

  it('refuses 255 characters', () => {
    const input = `${'a'.repeat(255 - '@example.com'.length)}@example.com`;
    expect(() => Email.parse(input)).to.throw(ValidationError);
  });

  for (const input of [
    '',
    '   ',
    'plainaddress',
    '@example.com',
    'ana@',
    'ana@example',
    'ana@@example.com',
    'ana@b@example.com',
    'ana silva@example.com',
    'ana@exa mple.com',
    'ana@-example.com',
    'ana@example-.com',
    'ana@example..com',
    'ana@.example.com',
    'ana@example.com.',
    '"ana"@example.com',
    'ana<x>@example.com',
    'ana@exam_ple.com',
    'ana\u0000@example.com',
    'ana\u200b@example.com',
    'moc.elpmaxe\u202e@example.com',
    'ana\u0085@example.com',
  ]) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      expect(() => Email.parse(input)).to.throw(ValidationError).with.property('field', 'email');
    });
  }

  it('compares by normalised value', () => {
    expect(Email.parse('ANA@example.com').equals(Email.parse('ana@EXAMPLE.com'))).to.equal(true);
    expect(Email.parse('ana@example.com').equals(Email.parse('bia@example.com'))).to.equal(false);
  });
});

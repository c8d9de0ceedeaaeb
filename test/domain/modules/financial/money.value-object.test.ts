import { expect } from 'chai';
import { CurrencyMismatchError } from '../../../../src/domain/modules/financial/financial.errors';
import { MAX_BALANCE, MAX_MOVEMENT_AMOUNT, Money } from '../../../../src/domain/modules/financial/money.value-object';
import { ValidationError } from '../../../../src/domain/shared/domain-error';

describe('Money', () => {
  describe('of', () => {
    it('keeps any integer amount exactly, far beyond the float range', () => {
      const money = Money.of(123_456_789_012_345_678_901n, 'BRL');
      expect(money.amount).to.equal(123_456_789_012_345_678_901n);
      expect(money.currency).to.equal('BRL');
      expect(money.plus(Money.of(1n, 'BRL')).amount).to.equal(123_456_789_012_345_678_902n);
    });

    for (const currency of ['brl', 'BR', 'BRLL', 'R$1', '']) {
      it(`refuses the currency "${currency}"`, () => {
        expect(() => Money.of(1n, currency)).to.throw(ValidationError).with.property('field', 'currency');
      });
    }

    it('zero is zero of the currency', () => {
      expect(Money.zero('USD').equals(Money.of(0n, 'USD'))).to.equal(true);
    });
  });

  describe('movement (API amounts)', () => {
    for (const amount of [1n, 999n, MAX_MOVEMENT_AMOUNT]) {
      it(`accepts ${amount}`, () => {
        expect(Money.movement(amount, 'BRL').amount).to.equal(amount);
      });
    }

    for (const amount of [0n, -1n, MAX_MOVEMENT_AMOUNT + 1n, -MAX_MOVEMENT_AMOUNT]) {
      it(`refuses ${amount}`, () => {
        expect(() => Money.movement(amount, 'BRL')).to.throw(ValidationError).with.property('field', 'amount');
      });
    }

    it('is 10^12 at most', () => {
      expect(MAX_MOVEMENT_AMOUNT).to.equal(10n ** 12n);
    });
  });

  describe('arithmetic', () => {
    const ten = Money.of(10n, 'BRL');
    const three = Money.of(3n, 'BRL');

    it('adds, subtracts and negates exactly', () => {
      expect(ten.plus(three).amount).to.equal(13n);
      expect(three.minus(ten).amount).to.equal(-7n);
      expect(ten.negated().amount).to.equal(-10n);
      expect(ten.plus(Money.movement(MAX_MOVEMENT_AMOUNT, 'BRL')).amount).to.equal(10n ** 12n + 10n);
    });

    it('refuses to mix currencies, both ways', () => {
      const dollars = Money.of(10n, 'USD');
      expect(() => ten.plus(dollars)).to.throw(CurrencyMismatchError).with.property('code', 'CURRENCY_MISMATCH');
      expect(() => ten.minus(dollars)).to.throw(CurrencyMismatchError);
    });

    it('knows its sign', () => {
      expect([ten.isPositive(), ten.isNegative(), ten.isZero()]).to.deep.equal([true, false, false]);
      expect([ten.negated().isPositive(), ten.negated().isNegative(), ten.negated().isZero()]).to.deep.equal([false, true, false]);
      expect([Money.zero('BRL').isPositive(), Money.zero('BRL').isNegative(), Money.zero('BRL').isZero()]).to.deep.equal([false, false, true]);
    });

    it('equals only the same amount in the same currency', () => {
      expect(ten.equals(Money.of(10n, 'BRL'))).to.equal(true);
      expect(ten.equals(three)).to.equal(false);
      expect(ten.equals(Money.of(10n, 'USD'))).to.equal(false);
    });
  });

  describe('toSafeInteger', () => {
    it('gives the exact number up to 2^53 - 1, both signs', () => {
      expect(Money.of(MAX_BALANCE, 'BRL').toSafeInteger()).to.equal(Number.MAX_SAFE_INTEGER);
      expect(Money.of(-MAX_BALANCE, 'BRL').toSafeInteger()).to.equal(-Number.MAX_SAFE_INTEGER);
      expect(Money.of(10n ** 12n, 'BRL').toSafeInteger()).to.equal(1_000_000_000_000);
    });

    it('refuses (never rounds) beyond it', () => {
      expect(() => Money.of(MAX_BALANCE + 1n, 'BRL').toSafeInteger()).to.throw(RangeError);
      expect(() => Money.of(-MAX_BALANCE - 1n, 'BRL').toSafeInteger()).to.throw(RangeError);
    });
  });

  it('prints amount and currency', () => {
    expect(Money.of(-25n, 'BRL').toString()).to.equal('-25 BRL');
  });
});

import { expect } from 'chai';
import { refundBody, transferBody } from '../../../src/api/schemas/financial.schemas';

const A = '0b6f1c2e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const B = '1b6f1c2e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const transfer = (amount: unknown) => ({ fromAccountId: A, toAccountId: B, amount, currency: 'BRL' });
const messagesOf = (amount: unknown) =>
  transferBody.validate(transfer(amount), { abortEarly: false, errors: { wrap: { label: false } } }).error?.details.map((d) => d.message);

describe('amount schema', () => {
  it('converts an accepted amount to bigint, up to 10^12 minor units', () => {
    expect(transferBody.validate(transfer(1)).value?.amount).to.equal(1n);
    expect(transferBody.validate(transfer(1_000_000_000_000)).value?.amount).to.equal(1_000_000_000_000n);
    expect(refundBody.validate({ amount: 250 }).value?.amount).to.equal(250n);
    expect(refundBody.validate({}).value?.amount).to.equal(undefined);
  });

  // abortEarly is off: the conversion still runs after a failed rule, and must add no error of its own.
  for (const [what, amount, messages] of [
    ['a fraction', 1.5, ['must be a whole number of minor units']],
    ['zero', 0, ['amount must be greater than or equal to 1']],
    ['above 10^12', 1_000_000_000_001, ['amount must be less than or equal to 1000000000000']],
    ['above 2^53', 2 ** 53 + 2, ['amount must be a safe number']],
    ['a string', '100', ['must be a JSON integer number of minor units']],
  ] as const) {
    it(`refuses ${what} with exactly the integer checks' messages`, () => {
      expect(messagesOf(amount)).to.deep.equal(messages);
    });
  }
});

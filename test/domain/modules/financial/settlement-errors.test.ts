import { expect } from 'chai';
import * as closed from '../../../../src/domain/modules/financial/closed-account.errors';
import * as settled from '../../../../src/domain/modules/financial/gateway-settled.errors';
import { Money } from '../../../../src/domain/modules/financial/money.value-object';
import { DomainError } from '../../../../src/domain/shared/domain-error';

describe('gateway-settled and closed-account errors', () => {
  const expected: [DomainError, string][] = [
    [new settled.PayoutSettledError(), 'PAYOUT_SETTLED'],
    [new settled.RefundRequiredError(), 'REFUND_REQUIRED'],
    [new settled.RefundPendingError(), 'REFUND_PENDING'],
    [new settled.NotRefundableError(), 'NOT_REFUNDABLE'],
    [new settled.AlreadyRefundedError(Money.zero('BRL')), 'ALREADY_REFUNDED'],
    [new closed.AccountNotClosedError(), 'ACCOUNT_NOT_CLOSED'],
    [new closed.NothingToSweepError(), 'NOTHING_TO_SWEEP'],
    [new closed.AccountOwnerMismatchError(), 'ACCOUNT_OWNER_MISMATCH'],
  ];

  for (const [error, code] of expected) {
    it(`${error.name} has code ${code} and a message`, () => {
      expect(error).to.be.instanceOf(DomainError);
      expect(error.code).to.equal(code);
      expect(error.message).to.be.a('string').and.not.empty;
    });
  }

  it('a refund beyond the deposit says how much is left', () => {
    expect(new settled.AlreadyRefundedError(Money.of(40n, 'BRL')).message).to.contain('40');
    expect(new settled.AlreadyRefundedError(Money.zero('BRL')).message).to.match(/in full/);
  });
});

import { expect } from 'chai';
import * as errors from '../../../../src/domain/modules/financial/financial.errors';
import { DomainError, NotFoundError } from '../../../../src/domain/shared/domain-error';

describe('financial errors', () => {
  const expected: [new (...args: string[]) => DomainError, string, string[]][] = [
    [errors.AccountNotFoundError, 'ACCOUNT_NOT_FOUND', []],
    [errors.TransactionNotFoundError, 'TRANSACTION_NOT_FOUND', []],
    [errors.InsufficientFundsError, 'INSUFFICIENT_FUNDS', []],
    [errors.AccountFrozenError, 'ACCOUNT_FROZEN', []],
    [errors.AccountClosedError, 'ACCOUNT_CLOSED', []],
    [errors.AccountBalanceNotZeroError, 'ACCOUNT_BALANCE_NOT_ZERO', []],
    [errors.SystemAccountError, 'SYSTEM_ACCOUNT', []],
    [errors.AccountOwnerInactiveError, 'ACCOUNT_OWNER_INACTIVE', []],
    [errors.CurrencyMismatchError, 'CURRENCY_MISMATCH', ['BRL', 'USD']],
    [errors.UnsupportedCurrencyError, 'UNSUPPORTED_CURRENCY', ['XAU']],
    [errors.SameAccountError, 'SAME_ACCOUNT', []],
    [errors.BalanceLimitExceededError, 'BALANCE_LIMIT_EXCEEDED', []],
    [errors.AlreadyReversedError, 'ALREADY_REVERSED', []],
    [errors.NotReversibleError, 'NOT_REVERSIBLE', []],
    [errors.WithdrawalPendingError, 'WITHDRAWAL_PENDING', []],
    [errors.LedgerInvariantError, 'LEDGER_INVARIANT_VIOLATED', ['broken']],
    [errors.PaymentDeclinedError, 'PAYMENT_DECLINED', []],
    [errors.GatewayFailureError, 'GATEWAY_FAILURE', []],
    [errors.GatewayOutcomeUnknownError, 'GATEWAY_FAILURE', []],
    [errors.GatewayTimeoutError, 'GATEWAY_TIMEOUT', []],
    [errors.GatewayUnavailableError, 'GATEWAY_UNAVAILABLE', []],
    [errors.DepositNotCreditedError, 'DEPOSIT_NOT_CREDITED', []],
    [errors.IdempotencyKeyReusedError, 'IDEMPOTENCY_KEY_REUSED', []],
    [errors.IdempotencyInProgressError, 'IDEMPOTENCY_IN_PROGRESS', []],
  ];

  for (const [ErrorClass, code, args] of expected) {
    it(`${ErrorClass.name} has code ${code} and a message`, () => {
      const error = new ErrorClass(...args);
      expect(error).to.be.instanceOf(DomainError);
      expect(error.code).to.equal(code);
      expect(error.name).to.equal(ErrorClass.name);
      expect(error.message).to.be.a('string').and.not.empty;
    });
  }

  it('the not-found errors are NotFoundErrors', () => {
    expect(new errors.AccountNotFoundError()).to.be.instanceOf(NotFoundError);
    expect(new errors.TransactionNotFoundError()).to.be.instanceOf(NotFoundError);
  });

  it('messages name the currencies involved', () => {
    expect(new errors.CurrencyMismatchError('BRL', 'USD').message).to.contain('USD').and.contain('BRL');
    expect(new errors.UnsupportedCurrencyError('XAU').message).to.contain('XAU');
  });

  it('gateway errors say whether money may have moved', () => {
    expect(new errors.PaymentDeclinedError()).to.be.instanceOf(errors.GatewayError).and.have.property('outcomeUnknown', false);
    expect(new errors.GatewayFailureError()).to.have.property('outcomeUnknown', false);
    expect(new errors.GatewayUnavailableError()).to.have.property('outcomeUnknown', false);
    expect(new errors.GatewayTimeoutError()).to.have.property('outcomeUnknown', true);
    const lost = new errors.GatewayOutcomeUnknownError();
    expect(lost).to.be.instanceOf(errors.GatewayFailureError).and.have.property('outcomeUnknown', true);
    expect(lost.code).to.equal('GATEWAY_FAILURE');
    expect(lost.message).to.match(/same Idempotency-Key/);
  });

  it('gateway errors take a more precise message', () => {
    for (const ErrorClass of [errors.PaymentDeclinedError, errors.GatewayFailureError, errors.GatewayOutcomeUnknownError, errors.GatewayTimeoutError, errors.GatewayUnavailableError]) {
      expect(new ErrorClass('precise').message).to.equal('precise');
    }
  });
});

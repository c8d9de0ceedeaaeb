import { DomainError, NotFoundError } from '../../shared/domain-error';

export class AccountNotFoundError extends NotFoundError {
  readonly code = 'ACCOUNT_NOT_FOUND';

  constructor() {
    super('Account not found');
  }
}

export class TransactionNotFoundError extends NotFoundError {
  readonly code = 'TRANSACTION_NOT_FOUND';

  constructor() {
    super('Transaction not found');
  }
}

export class InsufficientFundsError extends DomainError {
  readonly code = 'INSUFFICIENT_FUNDS';

  constructor() {
    super('The account balance does not cover this amount');
  }
}

export class AccountFrozenError extends DomainError {
  readonly code = 'ACCOUNT_FROZEN';

  constructor() {
    super('The account is frozen: it accepts credits but no debits');
  }
}

export class AccountClosedError extends DomainError {
  readonly code = 'ACCOUNT_CLOSED';

  constructor() {
    super('The account is closed');
  }
}

export class AccountBalanceNotZeroError extends DomainError {
  readonly code = 'ACCOUNT_BALANCE_NOT_ZERO';

  constructor() {
    super('Only an account with a zero balance can be closed');
  }
}

export class SystemAccountError extends DomainError {
  readonly code = 'SYSTEM_ACCOUNT';

  constructor() {
    super('System accounts cannot be changed this way');
  }
}

export class AccountOwnerInactiveError extends DomainError {
  readonly code = 'ACCOUNT_OWNER_INACTIVE';

  constructor() {
    super('Accounts can only be opened for active users');
  }
}

export class CurrencyMismatchError extends DomainError {
  readonly code = 'CURRENCY_MISMATCH';

  constructor(expected: string, actual: string) {
    super(`Currency ${actual} does not match ${expected}`);
  }
}

export class UnsupportedCurrencyError extends DomainError {
  readonly code = 'UNSUPPORTED_CURRENCY';

  constructor(currency: string) {
    super(`Currency ${currency} is not supported by this service`);
  }
}

export class SameAccountError extends DomainError {
  readonly code = 'SAME_ACCOUNT';

  constructor() {
    super('A transfer needs two different accounts');
  }
}

export class BalanceLimitExceededError extends DomainError {
  readonly code = 'BALANCE_LIMIT_EXCEEDED';

  constructor() {
    super('The movement would take the balance beyond the largest amount this service holds');
  }
}

export class AlreadyReversedError extends DomainError {
  readonly code = 'ALREADY_REVERSED';

  constructor() {
    super('The transaction has already been reversed');
  }
}

export class NotReversibleError extends DomainError {
  readonly code = 'NOT_REVERSIBLE';

  constructor() {
    super('A reversal cannot itself be reversed');
  }
}

/** A broken ledger rule (unbalanced or malformed transaction): a defect, never a client error. */
export class LedgerInvariantError extends DomainError {
  readonly code = 'LEDGER_INVARIANT_VIOLATED';

  constructor(message: string) {
    super(message);
  }
}

export class PaymentDeclinedError extends DomainError {
  readonly code = 'PAYMENT_DECLINED';

  constructor(message = 'The payment gateway declined the operation') {
    super(message);
  }
}

export class GatewayFailureError extends DomainError {
  readonly code = 'GATEWAY_FAILURE';

  constructor(message = 'The payment gateway failed; no money was moved') {
    super(message);
  }
}

export class GatewayTimeoutError extends DomainError {
  readonly code = 'GATEWAY_TIMEOUT';

  constructor(message = 'The payment gateway did not answer in time; no money was moved') {
    super(message);
  }
}

/** The gateway client stopped calling a failing gateway for a while (circuit open). */
export class GatewayUnavailableError extends DomainError {
  readonly code = 'GATEWAY_UNAVAILABLE';

  constructor(message = 'The payment gateway is unavailable; retry later') {
    super(message);
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';

  constructor() {
    super('This Idempotency-Key was already used for a different request');
  }
}

export class IdempotencyInProgressError extends DomainError {
  readonly code = 'IDEMPOTENCY_IN_PROGRESS';

  constructor() {
    super('A request with this Idempotency-Key is still being processed; retry shortly');
  }
}

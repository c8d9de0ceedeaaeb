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

/** A withdrawal whose payout has no known result yet: reversing it could pay the money out twice. */
export class WithdrawalPendingError extends DomainError {
  readonly code = 'WITHDRAWAL_PENDING';

  constructor() {
    super('The withdrawal’s payout has no result yet; it cannot be reversed until its request is retried and settled');
  }
}

/** A broken ledger rule (unbalanced or malformed transaction): a defect, never a client error. */
export class LedgerInvariantError extends DomainError {
  readonly code = 'LEDGER_INVARIANT_VIOLATED';

  constructor(message: string) {
    super(message);
  }
}

/**
 * A payment-gateway call that did not succeed. `outcomeUnknown` is true when the gateway may have
 * executed it all the same (no answer in time, an answer lost after the request was sent, an
 * unreadable answer): money may have moved, so the caller must not undo its own side as if it had not.
 */
export abstract class GatewayError extends DomainError {
  abstract readonly outcomeUnknown: boolean;
}

export class PaymentDeclinedError extends GatewayError {
  readonly code = 'PAYMENT_DECLINED';
  readonly outcomeUnknown = false;

  constructor(message = 'The payment gateway declined the operation') {
    super(message);
  }
}

/** The call failed, and is known to have moved no money. */
export class GatewayFailureError extends GatewayError {
  readonly code = 'GATEWAY_FAILURE';
  readonly outcomeUnknown: boolean = false;

  constructor(message = 'The payment gateway failed; no money was moved') {
    super(message);
  }
}

/** The request may have reached the gateway, but its answer was lost or unreadable (502). */
export class GatewayOutcomeUnknownError extends GatewayFailureError {
  override readonly outcomeUnknown = true;

  constructor(message = 'The payment gateway’s answer was lost or unreadable; retry with the same Idempotency-Key') {
    super(message);
  }
}

/** No answer in time: the gateway may still have executed the call. */
export class GatewayTimeoutError extends GatewayError {
  readonly code = 'GATEWAY_TIMEOUT';
  readonly outcomeUnknown = true;

  constructor(message = 'The payment gateway did not answer in time; retry with the same Idempotency-Key') {
    super(message);
  }
}

/** The gateway client stopped calling a failing gateway for a while (circuit open): nothing was sent. */
export class GatewayUnavailableError extends GatewayError {
  readonly code = 'GATEWAY_UNAVAILABLE';
  readonly outcomeUnknown = false;

  constructor(message = 'The payment gateway is unavailable; retry later') {
    super(message);
  }
}

/**
 * A charge was captured but its credit could not be posted (the balance limit): a server-side
 * failure, never a stored client error, so that a retry with the same key can still credit it.
 */
export class DepositNotCreditedError extends DomainError {
  readonly code = 'DEPOSIT_NOT_CREDITED';

  constructor() {
    super('The payment was captured but could not be credited yet; retry with the same Idempotency-Key or contact support');
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

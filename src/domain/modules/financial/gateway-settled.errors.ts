import { DomainError } from '../../shared/domain-error';
import type { Money } from './money.value-object';

/**
 * Money the payment gateway has settled moves back only through the gateway: a ledger-only
 * reversal would change the books and nothing outside them.
 */

/** A paid-out withdrawal or refund: the money has left, and a reversal would hand it back a second time. */
export class PayoutSettledError extends DomainError {
  readonly code = 'PAYOUT_SETTLED';

  constructor() {
    super('The money has already left through the payment gateway; a ledger-only reversal would hand it back while it stays paid out');
  }
}

/** A deposit was charged through the gateway: it is taken back by refunding the charge. */
export class RefundRequiredError extends DomainError {
  readonly code = 'REFUND_REQUIRED';

  constructor() {
    super('A deposit was charged through the payment gateway: take it back with a refund (POST /v1/transactions/{id}/refund), not a ledger-only reversal');
  }
}

/** A refund whose gateway call has no known result yet: its request's retry settles it. */
export class RefundPendingError extends DomainError {
  readonly code = 'REFUND_PENDING';

  constructor() {
    super('The refund has no result from the payment gateway yet; retry its request with the same Idempotency-Key to settle it');
  }
}

/** Only deposits came in through a charge that the gateway can refund. */
export class NotRefundableError extends DomainError {
  readonly code = 'NOT_REFUNDABLE';

  constructor() {
    super('Only a deposit can be refunded');
  }
}

/** The refund asked for is more than what is left of the deposit once earlier refunds are counted. */
export class AlreadyRefundedError extends DomainError {
  readonly code = 'ALREADY_REFUNDED';

  constructor(left: Money) {
    super(left.isZero() ? 'The deposit has already been refunded in full' : `Only ${left.amount} of the deposit is left to refund`);
  }
}

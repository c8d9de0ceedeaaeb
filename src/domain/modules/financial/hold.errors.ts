import { DomainError, NotFoundError } from '../../shared/domain-error';
import type { Money } from './money.value-object';

export class HoldNotFoundError extends NotFoundError {
  readonly code = 'HOLD_NOT_FOUND';

  constructor() {
    super('Hold not found');
  }
}

/** Captured, voided or expired already: a hold resolves once. */
export class HoldNotPendingError extends DomainError {
  readonly code = 'HOLD_NOT_PENDING';

  constructor(readonly status: string) {
    super(`The hold is ${status}: only a pending hold can be captured or voided`);
  }
}

/** A capture takes 1 up to the held amount; the rest is released. */
export class CaptureExceedsHoldError extends DomainError {
  readonly code = 'CAPTURE_EXCEEDS_HOLD';

  constructor(readonly held: Money) {
    super(`A capture takes at most the held amount (${held.amount} ${held.currency})`);
  }
}

/** A withdrawal's hold resolves with its payout's outcome, never by a capture or void request. */
export class WithdrawalHoldError extends DomainError {
  readonly code = 'HOLD_SETTLED_BY_PAYOUT';

  constructor() {
    super("The hold reserves a withdrawal's payout: it is captured or voided when the payout's outcome is known");
  }
}

import { DomainError } from '../../shared/domain-error';

/** Sweeping moves what a closed account still holds; an open account's owner moves their own money. */
export class AccountNotClosedError extends DomainError {
  readonly code = 'ACCOUNT_NOT_CLOSED';

  constructor() {
    super('Only a closed account is swept; an open account’s money is moved by its owner');
  }
}

export class NothingToSweepError extends DomainError {
  readonly code = 'NOTHING_TO_SWEEP';

  constructor() {
    super('The closed account holds no money');
  }
}

/** A closed account's money goes to its own owner only: sweeping never pays someone else. */
export class AccountOwnerMismatchError extends DomainError {
  readonly code = 'ACCOUNT_OWNER_MISMATCH';

  constructor() {
    super('The destination account belongs to someone else');
  }
}

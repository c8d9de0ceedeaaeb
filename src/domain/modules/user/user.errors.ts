import { DomainError, NotFoundError } from '../../shared/domain-error';

export class InvalidCpfError extends DomainError {
  readonly code = 'INVALID_CPF';

  constructor() {
    super('CPF must have 11 digits (optionally as 000.000.000-00) with valid check digits');
  }
}

export class UserAlreadyExistsError extends DomainError {
  readonly code = 'USER_ALREADY_EXISTS';

  constructor() {
    super('A user with this CPF or email already exists');
  }
}

export class UserNotFoundError extends NotFoundError {
  readonly code = 'USER_NOT_FOUND';

  constructor() {
    super('User not found');
  }
}

export class UserAlreadyInactiveError extends DomainError {
  readonly code = 'USER_ALREADY_INACTIVE';

  constructor() {
    super('User is already inactive');
  }
}

export class UserAlreadyActiveError extends DomainError {
  readonly code = 'USER_ALREADY_ACTIVE';

  constructor() {
    super('User is already active');
  }
}

/** A change of one's own e-mail or password named a wrong current password (or the user has none). */
export class CurrentPasswordInvalidError extends DomainError {
  readonly code = 'CURRENT_PASSWORD_INVALID';

  constructor() {
    super('The current password is incorrect');
  }
}

import { DomainError } from '../../shared/domain-error';

/** Any failure to establish who is calling; the detail never says which check failed. */
export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';

  constructor(message = 'A valid access token is required') {
    super(message);
  }
}

/** The caller is known but lacks the scope or role the operation needs. */
export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';

  constructor(message = 'The caller lacks the permission this operation needs') {
    super(message);
  }
}

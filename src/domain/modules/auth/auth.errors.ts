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

/** Wrong CPF, wrong password, no password or an inactive user: one error, so none can be told apart. */
export class InvalidCredentialsError extends DomainError {
  readonly code = 'INVALID_CREDENTIALS';

  constructor() {
    super('The CPF or password is incorrect');
  }
}

/** Unknown, expired, already used or revoked refresh token, or one of an inactive user. */
export class InvalidRefreshTokenError extends DomainError {
  readonly code = 'INVALID_REFRESH_TOKEN';

  constructor() {
    super('The refresh token is not valid; log in again');
  }
}

/** The SSO ID token failed verification, or names nobody known here. */
export class SsoLoginRefusedError extends DomainError {
  readonly code = 'SSO_LOGIN_REFUSED';

  constructor() {
    super('The ID token was not accepted');
  }
}

export class SsoNotConfiguredError extends DomainError {
  readonly code = 'SSO_NOT_CONFIGURED';

  constructor() {
    super('SSO login is not configured on this service');
  }
}

/** The identity provider's keys could not be fetched in time; the caller may retry. */
export class SsoUnavailableError extends DomainError {
  readonly code = 'SSO_UNAVAILABLE';

  constructor() {
    super('The identity provider could not be reached; retry shortly');
  }
}

/** OAuth 2 `invalid_client`: unknown client, wrong secret or inactive client. */
export class InvalidClientError extends DomainError {
  readonly code = 'INVALID_CLIENT';

  constructor() {
    super('Client authentication failed');
  }
}

/** OAuth 2 `invalid_scope`: an unknown scope, or one wider than the client's own. */
export class InvalidScopeError extends DomainError {
  readonly code = 'INVALID_SCOPE';

  constructor(message = 'The requested scope is invalid or exceeds the scope granted to the client') {
    super(message);
  }
}

export class ServiceClientNotFoundError extends DomainError {
  readonly code = 'SERVICE_CLIENT_NOT_FOUND';

  constructor() {
    super('No service client has this id');
  }
}

export class ServiceClientAlreadyDisabledError extends DomainError {
  readonly code = 'SERVICE_CLIENT_DISABLED';

  constructor() {
    super('The service client is disabled');
  }
}

/** The SSO identity is already linked to another user; it stays with them. */
export class SsoIdentityInUseError extends DomainError {
  readonly code = 'SSO_IDENTITY_IN_USE';

  constructor() {
    super('This SSO identity is linked to another user');
  }
}

/** The identity provider says the ID token belongs to another person (its `cpf` claim is not the caller's). */
export class SsoIdentityMismatchError extends DomainError {
  readonly code = 'SSO_IDENTITY_MISMATCH';

  constructor() {
    super('The ID token names another person than the caller');
  }
}

/**
 * Base of every business error. Each subclass carries a stable `code`; the HTTP layer maps codes to
 * statuses in one table, so nothing here knows about HTTP.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;

  protected constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An input that breaks a rule of a value object or entity; `field` names what was wrong. */
export class ValidationError extends DomainError {
  readonly code = 'VALIDATION_FAILED';

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Something asked for does not exist, or is not visible to the caller. */
export abstract class NotFoundError extends DomainError {}

/**
 * The database kept refusing the work because of concurrent writers (serialization failure or
 * deadlock) after every retry; the caller should try again shortly.
 */
export class ConcurrencyConflictError extends DomainError {
  readonly code = 'CONCURRENCY_CONFLICT';

  constructor() {
    super('The operation conflicted with concurrent changes; retry shortly');
  }
}

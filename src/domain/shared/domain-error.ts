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

/**
 * The database cannot be reached (down, restarting, refusing connections): nothing was decided,
 * the caller should retry once it is back.
 */
export class DatabaseUnavailableError extends DomainError {
  readonly code = 'DATABASE_UNAVAILABLE';

  constructor() {
    super('The database is unavailable; retry shortly');
  }
}

/**
 * The database is reachable but the work could not get its turn in time (a row locked by another
 * session, a statement over its time limit, every connection in use); nothing was written.
 */
export class DatabaseBusyError extends DomainError {
  readonly code = 'DATABASE_BUSY';

  constructor() {
    super('The database is busy with conflicting work; retry shortly');
  }
}

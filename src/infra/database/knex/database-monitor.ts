import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { type DatabaseFailure, classifyDatabaseFailure, toDatabaseError } from './database-outage';

type FailureListener = (failure: DatabaseFailure) => void;

// A success this soon after a failure does not end the outage: with some connections killed and
// others fine, the state would otherwise flap (and log) once per query.
const RECOVERY_QUIET_MS = 1000;

/**
 * Watches the database through knex's query events: remembers whether it is currently failing
 * (the `degraded` gauge), tells listeners (metrics) about every classified failure, and turns a
 * driver error into the domain error it is answered as. Logs once per state change, not once per
 * failed query: an outage of ten seconds under load is two lines, not thousands.
 */
export class DatabaseMonitor {
  private failing = false;
  private lastFailureAt = 0;
  private readonly listeners: FailureListener[] = [];

  constructor(private readonly logger: Logger) {}

  /** Follows every query of `db` (and of its transactions, which knex forwards to it). */
  watch(db: Knex): void {
    db.on('query-error', (error: unknown) => {
      const failure = classifyDatabaseFailure(error);
      if (failure) this.record(failure, error);
    });
    db.on('query-response', () => this.recovered());
  }

  get degraded(): boolean {
    return this.failing;
  }

  onFailure(listener: FailureListener): void {
    this.listeners.push(listener);
  }

  /**
   * The error a request failed with, as the API must see it: a domain error for an outage or a
   * timeout, the original error otherwise. Failures no query event reported (a connection that
   * could not be opened, a pool acquire timeout) are recorded here.
   */
  translate(error: unknown): unknown {
    const failure = classifyDatabaseFailure(error);
    if (!failure) return error;
    if (failure === 'unavailable' || failure === 'pool-exhausted') this.record(failure, error, { notify: false });
    return Object.assign(toDatabaseError(failure), { failure, cause: error });
  }

  /** A readiness probe's outcome counts like a query's. */
  probed(error?: unknown): void {
    if (error === undefined) this.recovered();
    else if (classifyDatabaseFailure(error) === 'unavailable') this.record('unavailable', error, { notify: false });
  }

  private record(failure: DatabaseFailure, error: unknown, options: { notify?: boolean } = {}): void {
    if (options.notify !== false) for (const listener of this.listeners) listener(failure);
    if (failure !== 'unavailable') return;
    this.lastFailureAt = Date.now();
    if (this.failing) return;
    this.failing = true;
    this.logger.warn({ cause: describe(error) }, 'database unavailable: answering 503 DATABASE_UNAVAILABLE until it is back');
  }

  private recovered(): void {
    if (!this.failing || Date.now() - this.lastFailureAt < RECOVERY_QUIET_MS) return;
    this.failing = false;
    this.logger.info('database reachable again');
  }
}

/** The driver's code and message, without a stack: enough to tell a restart from a refused connection. */
export function describe(error: unknown): { code?: string; message: string } {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return { ...(typeof code === 'string' ? { code } : {}), message: typeof message === 'string' ? message : String(error) };
}

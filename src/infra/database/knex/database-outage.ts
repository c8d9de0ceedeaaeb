import { DatabaseBusyError, DatabaseUnavailableError, type DomainError } from '../../../domain/shared/domain-error';
import { sqlState } from './pg-errors';

/**
 * Which driver failures are the database's state rather than a bug of ours:
 * - `unavailable`: it cannot be reached or is going away (down, restarting, out of connections);
 * - `lock-timeout` / `statement-timeout`: it answered, but the work did not get its turn in time;
 * - `pool-exhausted`: every connection of our pool stayed in use for the whole acquire timeout.
 * Anything else stays unclassified and remains a 500: an unknown failure must not hide as an outage.
 */
export type DatabaseFailure = 'unavailable' | 'lock-timeout' | 'statement-timeout' | 'pool-exhausted';

/** SQLSTATEs of a server that is going away or refusing sessions (class 08 is matched as a prefix). */
const UNAVAILABLE_STATES = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, a fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '53300', // too_many_connections
  '58030', // io_error
]);
export const PG_LOCK_NOT_AVAILABLE = '55P03';
export const PG_QUERY_CANCELED = '57014';

/** Socket-level failures reported by Node (error.code) when the server is gone or unreachable. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

// Messages of node-postgres and pg-pool, which carry no code for these.
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /the database system is (shutting down|starting up|in recovery mode)/i,
  /Client was closed and is not queryable/i,
  // 55000 in general, so matched by its text: ALTER DATABASE … ALLOW_CONNECTIONS false during maintenance.
  /is not currently accepting connections/i,
];
const POOL_EXHAUSTED = /Timeout acquiring a connection/i;

export function classifyDatabaseFailure(error: unknown): DatabaseFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const state = sqlState(error);
  if (state !== undefined) {
    if (UNAVAILABLE_STATES.has(state) || state.startsWith('08')) return 'unavailable';
    if (state === PG_LOCK_NOT_AVAILABLE) return 'lock-timeout';
    if (state === PG_QUERY_CANCELED) return 'statement-timeout';
    if (SOCKET_CODES.has(state)) return 'unavailable';
  }
  const { name, message } = error as { name?: unknown; message?: unknown };
  if (typeof message !== 'string') return undefined;
  if (name === 'KnexTimeoutError' && POOL_EXHAUSTED.test(message)) return 'pool-exhausted';
  // KnexDbContext refused a statement of work whose transaction died under it.
  if (name === 'TransactionEndedError') return 'unavailable';
  if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return 'unavailable';
  // An AggregateError (several addresses refused) carries the socket errors inside it.
  const inner = (error as { errors?: unknown }).errors;
  if (Array.isArray(inner) && inner.some((e) => classifyDatabaseFailure(e) === 'unavailable')) return 'unavailable';
  return undefined;
}

/** A connection-class failure: nothing of the work reached the database through it. */
export function isConnectionFailure(error: unknown): boolean {
  return classifyDatabaseFailure(error) === 'unavailable';
}

/**
 * The domain error a classified failure is answered as. A lock or statement timeout is the
 * database being busy, not the request being wrong: retrying later succeeds once the holder is
 * gone, so it is a 503 (DATABASE_BUSY), never a 409 that a client would read as final.
 */
export function toDatabaseError(failure: DatabaseFailure): DomainError {
  return failure === 'unavailable' ? new DatabaseUnavailableError() : new DatabaseBusyError();
}

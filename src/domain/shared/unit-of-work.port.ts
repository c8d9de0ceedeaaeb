/**
 * One unit of work per request. Repositories run on "the current transaction, or the pool"; a
 * service opens a transaction around the steps that must commit together. Nested calls join the
 * outer transaction. Serialization failures and deadlocks are retried a bounded number of times,
 * then surface as ConcurrencyConflictError, so `work` must be safe to run again.
 */
export interface IUnitOfWork {
  transaction<T>(work: () => Promise<T>): Promise<T>;
}

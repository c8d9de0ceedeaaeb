/**
 * The transaction boundary. Repositories run on "the open transaction, or the pool"; a service
 * opens a transaction around the steps that must commit together, and everything those steps
 * await, from any object, runs in it. Nested calls join the outer transaction. Serialization
 * failures and deadlocks are retried a bounded number of times, then surface as
 * ConcurrencyConflictError, so `work` must be safe to run again.
 */
export interface IUnitOfWork {
  transaction<T>(work: () => Promise<T>): Promise<T>;
}

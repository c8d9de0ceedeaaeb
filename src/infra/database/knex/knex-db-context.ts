import { AsyncLocalStorage } from 'node:async_hooks';
import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import { INFRA_TYPES } from '../../infra.types';

/**
 * The open transaction of the work being run, if any. The unit of work opens it with `within()`;
 * repositories read it through `executor()`, so they run inside the transaction when there is one,
 * on the pool otherwise. The transaction follows the work through every await (AsyncLocalStorage),
 * not an object: any repository, from any graph resolved anywhere (a controller, a middleware, a
 * job, a second entry point), joins the transaction its caller opened. One per database, a singleton.
 */
/**
 * A statement of work whose transaction ended without committing (rolled back, or its BEGIN
 * failed on a dead connection while knex still ran the work). Run on the pool instead, it would
 * commit alone what was meant to commit with the rest: an idempotency key held for nobody, half a
 * movement. Classified as the database being unavailable (503), which is what ended it.
 */
export class TransactionEndedError extends Error {
  override readonly name = 'TransactionEndedError';
  constructor() {
    super('the transaction of this work ended without committing: its statements are refused');
  }
}

@injectable()
export class KnexDbContext {
  private readonly open = new AsyncLocalStorage<Knex.Transaction>();
  private readonly committed = new WeakSet<Knex.Transaction>();

  constructor(@inject(INFRA_TYPES.Knex) readonly db: Knex) {}

  executor(): Knex | Knex.Transaction {
    return this.current() ?? this.db;
  }

  inTransaction(): boolean {
    return this.current() !== undefined;
  }

  /** The open transaction itself, for what must run after it commits (see KnexEventOutbox). */
  openTransaction(): Knex.Transaction | undefined {
    return this.current();
  }

  /** Runs `work` with `trx` as the open transaction of everything it awaits. */
  within<T>(trx: Knex.Transaction, work: () => Promise<T>): Promise<T> {
    trx.executionPromise.then(
      () => this.committed.add(trx),
      () => undefined,
    );
    return this.open.run(trx, work);
  }

  // A timer or a promise started inside the work outlives it with the store still set: once the
  // transaction has committed, it is no one's transaction and statements go to the pool again.
  // Once it ended otherwise, the work's statements are refused (TransactionEndedError).
  private current(): Knex.Transaction | undefined {
    const trx = this.open.getStore();
    if (!trx || !trx.isCompleted()) return trx;
    if (this.committed.has(trx)) return undefined;
    throw new TransactionEndedError();
  }
}

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
@injectable()
export class KnexDbContext {
  private readonly open = new AsyncLocalStorage<Knex.Transaction>();

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
    return this.open.run(trx, work);
  }

  // A timer or a promise started inside the work outlives it with the store still set: once the
  // transaction is over, it is no one's transaction and statements go to the pool again.
  private current(): Knex.Transaction | undefined {
    const trx = this.open.getStore();
    return trx && !trx.isCompleted() ? trx : undefined;
  }
}

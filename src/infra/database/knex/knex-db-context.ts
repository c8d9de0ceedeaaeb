import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import { INFRA_TYPES } from '../../infra.types';

/**
 * Per request: the open transaction, if any. The unit of work sets it; repositories read it
 * through `executor()`, so they run inside the transaction when there is one, on the pool otherwise.
 * Bound in request scope so that every repository of one request sees the same one.
 */
@injectable()
export class KnexDbContext {
  private current: Knex.Transaction | null = null;

  constructor(@inject(INFRA_TYPES.Knex) readonly db: Knex) {}

  executor(): Knex | Knex.Transaction {
    return this.current ?? this.db;
  }

  inTransaction(): boolean {
    return this.current !== null;
  }

  enter(trx: Knex.Transaction): void {
    this.current = trx;
  }

  leave(): void {
    this.current = null;
  }
}

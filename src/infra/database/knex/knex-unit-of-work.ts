import { setTimeout as sleep } from 'node:timers/promises';
import { inject, injectable } from 'inversify';
import { ConcurrencyConflictError } from '../../../domain/shared/domain-error';
import type { IUnitOfWork } from '../../../domain/shared/unit-of-work.port';
import { INFRA_TYPES } from '../../infra.types';
import type { KnexDbContext } from './knex-db-context';
import { isRetryableConflict } from './pg-errors';

const MAX_ATTEMPTS = 4;
const BASE_BACKOFF_MS = 15;

/** Opens the request's transaction; see IUnitOfWork for the retry contract. */
@injectable()
export class KnexUnitOfWork implements IUnitOfWork {
  constructor(@inject(INFRA_TYPES.KnexDbContext) private readonly context: KnexDbContext) {}

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.context.inTransaction()) return work();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.context.db.transaction(async (trx) => {
          this.context.enter(trx);
          try {
            return await work();
          } finally {
            this.context.leave();
          }
        });
      } catch (error) {
        if (!isRetryableConflict(error)) throw error;
        if (attempt >= MAX_ATTEMPTS) throw new ConcurrencyConflictError();
        // Jittered exponential backoff so that the colliding transactions do not collide again.
        await sleep(BASE_BACKOFF_MS * 2 ** attempt * (0.5 + Math.random()));
      }
    }
  }
}

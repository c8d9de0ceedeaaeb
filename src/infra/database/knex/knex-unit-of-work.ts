import { setTimeout as sleep } from 'node:timers/promises';
import { inject, injectable } from 'inversify';
import { ConcurrencyConflictError } from '../../../domain/shared/domain-error';
import type { IUnitOfWork } from '../../../domain/shared/unit-of-work.port';
import { INFRA_TYPES } from '../../infra.types';
import type { KnexDbContext } from './knex-db-context';
import { isConnectionFailure } from './database-outage';
import { isRetryableConflict } from './pg-errors';

const MAX_ATTEMPTS = 4;
const BASE_BACKOFF_MS = 15;
/** A connection found dead when the transaction begins (a restart killed it while idle) is replaced once. */
const CONNECTION_RETRIES = 1;
const CONNECTION_RETRY_DELAY_MS = 100;

/** Opens the work's transaction (joined when one is already open); see IUnitOfWork for the retry contract. A singleton: the transaction lives in KnexDbContext. */
@injectable()
export class KnexUnitOfWork implements IUnitOfWork {
  constructor(@inject(INFRA_TYPES.KnexDbContext) private readonly context: KnexDbContext) {}

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.context.inTransaction()) return work();
    let connectionRetries = 0;
    for (let attempt = 1; ; attempt++) {
      // Set once BEGIN succeeded: from then on statements of the work may have reached the
      // database, and a broken connection must not be retried (a COMMIT may have gone through).
      let began = false;
      try {
        return await this.context.db.transaction(async (trx) => {
          began = true;
          return this.context.within(trx, work);
        });
      } catch (error) {
        if (!began && isConnectionFailure(error) && connectionRetries < CONNECTION_RETRIES) {
          connectionRetries++;
          attempt--;
          await sleep(CONNECTION_RETRY_DELAY_MS);
          continue;
        }
        if (!isRetryableConflict(error)) throw error;
        if (attempt >= MAX_ATTEMPTS) throw new ConcurrencyConflictError();
        // Jittered exponential backoff so that the colliding transactions do not collide again.
        await sleep(BASE_BACKOFF_MS * 2 ** attempt * (0.5 + Math.random()));
      }
    }
  }
}

import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import type { IClock } from '../../../../domain/shared/clock.port';
import type { IEventOutbox, NewEvent } from '../../../../domain/shared/events.port';
import { SHARED_TYPES } from '../../../../domain/shared/shared.types';
import { INFRA_TYPES } from '../../../infra.types';
import type { OutboxSignal } from '../../../events/outbox-signal';
import type { KnexDbContext } from '../knex-db-context';

/**
 * Records an event with one INSERT in the open transaction of the change, so it commits or rolls
 * back with it. Outside a transaction it refuses: an event alone could commit without its change.
 * `seq` is taken here, at INSERT, while the change holds the rows of its ordering keys locked:
 * two changes of one key insert (and commit) one after the other, which is what lets the
 * dispatcher keep commit order per key by taking committed events in `seq` order.
 */
@injectable()
export class KnexEventOutbox implements IEventOutbox {
  constructor(
    @inject(INFRA_TYPES.KnexDbContext) private readonly context: KnexDbContext,
    @inject(SHARED_TYPES.IClock) private readonly clock: IClock,
    @inject(INFRA_TYPES.OutboxSignal) private readonly signal: OutboxSignal,
  ) {}

  async record(event: NewEvent): Promise<void> {
    const trx = this.context.openTransaction();
    if (!trx) throw new Error(`event ${event.type} recorded outside the unit of work of its change`);
    await trx('outbox_events').insert({
      id: randomUUID(),
      type: event.type,
      ordering_keys: [...event.orderingKeys],
      occurred_at: this.clock.now(),
      data: JSON.stringify(event.data),
    });
    signalWhenCommitted(trx, this.signal);
  }
}

/** Once `trx` committed, this process's dispatcher need not wait for its next poll. */
export function signalWhenCommitted(trx: Knex.Transaction, signal: OutboxSignal): void {
  trx.executionPromise.then(
    () => signal.committed(),
    () => undefined,
  );
}

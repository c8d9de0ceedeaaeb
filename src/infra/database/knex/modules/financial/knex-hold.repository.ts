import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import type { Hold, HoldStatus } from '../../../../../domain/modules/financial/hold.entity';
import type { HoldCursor, IHoldRepository } from '../../../../../domain/modules/financial/hold.repository';
import { pageFrom, type Page, type PageQuery } from '../../../../../domain/shared/pagination';
import { INFRA_TYPES } from '../../../../infra.types';
import type { KnexDbContext } from '../../knex-db-context';
import { HOLD_COLUMNS, HoldMapper, type HoldRow } from './hold.mapper';

@injectable()
export class KnexHoldRepository implements IHoldRepository {
  constructor(@inject(INFRA_TYPES.KnexDbContext) private readonly context: KnexDbContext) {}

  private holds(): Knex.QueryBuilder {
    return this.context.executor()('holds');
  }

  async create(hold: Hold): Promise<void> {
    await this.holds().insert(HoldMapper.toRow(hold));
  }

  async findById(id: string): Promise<Hold | null> {
    const row: HoldRow | undefined = await this.holds().select(HOLD_COLUMNS).where({ id }).first();
    return row ? HoldMapper.toEntity(row) : null;
  }

  async listForAccount(accountId: string, filter: { status?: HoldStatus }, now: Date, query: PageQuery<HoldCursor>): Promise<Page<Hold, HoldCursor>> {
    const rows: HoldRow[] = await this.holds()
      .select(HOLD_COLUMNS)
      .where((q) => q.where({ from_account_id: accountId }).orWhere({ to_account_id: accountId }))
      .modify((q) => {
        if (filter.status) statusAt(q, filter.status, now);
        if (query.after) q.whereRaw('(created_at, id) < (?, ?)', [query.after.createdAt, query.after.id]);
      })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(query.limit + 1);
    return pageFrom(rows.map(HoldMapper.toEntity), query.limit, (h) => ({ createdAt: h.createdAt, id: h.id }));
  }

  // The one guard that makes a hold resolve once: whichever statement finds it still pending and
  // unexpired wins, every other one (a racing capture, void or sweep) finds no row.
  async resolve(hold: Hold, now: Date): Promise<boolean> {
    const row = HoldMapper.toRow(hold);
    const updated = await this.holds()
      .where({ id: hold.id, status: 'pending' })
      .where((q) => unexpired(q, now))
      .update({
        status: row.status,
        captured_amount: row.captured_amount,
        resolved_at: row.resolved_at,
        capture_transaction_id: row.capture_transaction_id,
      });
    return updated === 1;
  }

  async accountsWithExpiredHolds(now: Date, limit: number): Promise<string[]> {
    const rows: { from_account_id: string }[] = await this.holds()
      .distinct('from_account_id')
      .where({ status: 'pending' })
      .where('expires_at', '<=', now)
      .orderBy('from_account_id')
      .limit(limit);
    return rows.map((r) => r.from_account_id);
  }
}

/** A withdrawal's hold has no expiry (NULL): it stays pending until its payout's outcome is known. */
function unexpired(q: Knex.QueryBuilder, now: Date): void {
  q.whereNull('expires_at').orWhere('expires_at', '>', now);
}

/** The stored status as the clock sees it: a pending row past its expiry is expired. */
function statusAt(q: Knex.QueryBuilder, status: HoldStatus, now: Date): void {
  if (status === 'pending') q.where({ status: 'pending' }).where((w) => unexpired(w, now));
  else if (status === 'expired') q.where((w) => w.where({ status: 'expired' }).orWhere((p) => p.where({ status: 'pending' }).where('expires_at', '<=', now)));
  else q.where({ status });
}

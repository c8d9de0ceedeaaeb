import type { Knex } from 'knex';
import type { EventType, PublishedEvent } from '../../../../domain/shared/events.port';
import type { Page, PageQuery } from '../../../../domain/shared/pagination';

interface EventRow {
  id: string;
  type: string;
  occurred_at: Date | string;
  position: string | number;
  data: Record<string, unknown> | string;
}

const COLUMNS = ['id', 'type', 'occurred_at', 'position', 'data'];

function toEvent(row: EventRow): PublishedEvent {
  return {
    id: row.id,
    type: row.type as EventType,
    occurredAt: new Date(row.occurred_at),
    position: BigInt(row.position),
    data: typeof row.data === 'string' ? (JSON.parse(row.data) as Record<string, unknown>) : row.data,
  };
}

const byPosition = (a: PublishedEvent, b: PublishedEvent) => (a.position < b.position ? -1 : 1);

/** The dispatcher's SQL on the outbox; every call but `hasWork` and `page` runs in the dispatcher's transaction. */
export const outboxStore = {
  /** One cheap look before a round opens a transaction: anything to position (or to publish)? */
  async hasWork(db: Knex, publishing: boolean): Promise<boolean> {
    const where = publishing ? 'position IS NULL OR published_at IS NULL' : 'position IS NULL';
    const rows = (await db.raw(`SELECT 1 FROM outbox_events WHERE ${where} LIMIT 1`)) as { rows: unknown[] };
    return rows.rows.length > 0;
  },

  /**
   * The dispatcher's lease: the one row of outbox_dispatcher, locked until the round commits. An
   * instance that finds it locked skips the round (SKIP LOCKED) rather than queueing behind it.
   * Returns the last position given, or null when another instance dispatches.
   */
  async takeLease(trx: Knex.Transaction): Promise<bigint | null> {
    const result = (await trx.raw('SELECT last_position FROM outbox_dispatcher WHERE id = 1 FOR UPDATE SKIP LOCKED')) as { rows: { last_position: string }[] };
    if (result.rows.length > 0) return BigInt(result.rows[0].last_position);
    // Locked by another instance, or missing (a truncated table): a new row is ours, locked by its insert.
    const created = (await trx.raw(
      `INSERT INTO outbox_dispatcher (id, last_position) SELECT 1, coalesce(max(position), 0) FROM outbox_events
         ON CONFLICT (id) DO NOTHING RETURNING last_position`,
    )) as { rows: { last_position: string }[] };
    return created.rows.length === 0 ? null : BigInt(created.rows[0].last_position);
  },

  /**
   * Positions the oldest committed events that have none, in seq order, right after `last`. Under
   * READ COMMITTED an event still being written is invisible here and gets a later position: that
   * is why positions are given to what has none, never by paging seq (a late commit would be
   * skipped). Per ordering key nothing is reordered: see KnexEventOutbox.
   */
  async position(trx: Knex.Transaction, last: bigint, limit: number): Promise<PublishedEvent[]> {
    const result = (await trx.raw(
      `WITH next AS (
         SELECT seq, ?::bigint + row_number() OVER (ORDER BY seq) AS position
           FROM (SELECT seq FROM outbox_events WHERE position IS NULL ORDER BY seq LIMIT ?) oldest
       )
       UPDATE outbox_events o SET position = next.position FROM next WHERE o.seq = next.seq
       RETURNING ${COLUMNS.map((c) => `o.${c}`).join(', ')}`,
      [last.toString(), limit],
    )) as { rows: EventRow[] };
    const events = result.rows.map(toEvent).sort(byPosition);
    if (events.length > 0) await trx.raw('UPDATE outbox_dispatcher SET last_position = ? WHERE id = 1', [events[events.length - 1].position.toString()]);
    return events;
  },

  /** Positioned events not yet acknowledged by NATS, oldest first. */
  async unpublished(trx: Knex.Transaction, limit: number): Promise<PublishedEvent[]> {
    const rows = (await trx('outbox_events').select(COLUMNS).whereNotNull('position').whereNull('published_at').orderBy('position').limit(limit)) as EventRow[];
    return rows.map(toEvent);
  },

  async markPublished(trx: Knex.Transaction, ids: readonly string[], now: Date): Promise<void> {
    if (ids.length > 0) await trx('outbox_events').whereIn('id', ids).update({ published_at: now });
  },

  /** Positioned events after `query.after`, in position order (keyset). */
  async page(db: Knex, query: PageQuery<bigint>): Promise<Page<PublishedEvent, bigint>> {
    const rows = (await db('outbox_events')
      .select(COLUMNS)
      .whereNotNull('position')
      .where('position', '>', (query.after ?? 0n).toString())
      .orderBy('position')
      .limit(query.limit + 1)) as EventRow[];
    const items = rows.slice(0, query.limit).map(toEvent);
    return { items, nextKey: rows.length > query.limit ? items[items.length - 1].position : null };
  },

  /** When the oldest event not yet delivered happened: without a position, or unpublished when NATS is on. */
  async oldestUndelivered(db: Knex, publishing: boolean): Promise<Date | null> {
    const where = publishing ? 'position IS NULL OR published_at IS NULL' : 'position IS NULL';
    const result = (await db.raw(`SELECT min(occurred_at) AS oldest FROM outbox_events WHERE ${where}`)) as { rows: { oldest: Date | string | null }[] };
    const oldest = result.rows[0]?.oldest;
    return oldest ? new Date(oldest) : null;
  },
};

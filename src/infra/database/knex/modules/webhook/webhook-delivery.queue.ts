import { inject, injectable } from 'inversify';
import { INFRA_TYPES } from '../../../../infra.types';
import type { KnexDbContext } from '../../knex-db-context';

/** A delivery the worker holds for one attempt, until its lease ends. */
export interface ClaimedDelivery {
  id: string;
  eventId: string;
  /** This attempt's number (1 for the first): the outcome is recorded only if it is still the latest. */
  attempt: number;
  firstAttemptAt: Date;
  body: string;
  url: string;
  secret: string;
}

export interface PendingStats {
  count: number;
  oldestCreatedAt: Date | null;
}

interface ClaimRow {
  id: string;
  event_id: string;
  attempts: number;
  first_attempt_at: Date;
  payload: unknown;
  url: string;
  secret: string;
}

/**
 * The worker's side of webhook_deliveries. Claiming is one statement (no transaction stays open
 * across the HTTP call): it takes due rows with FOR UPDATE SKIP LOCKED, so several workers never
 * take the same one, and moves their next_attempt_at past the send's timeout (the lease). A worker
 * that dies mid-send leaves the row pending: it is claimed again once the lease has passed, and the
 * event is sent again (at least once).
 *
 * Order per endpoint: only the endpoint's earliest pending delivery (lowest position) is ever
 * claimable, so a later event is never sent while an earlier one is pending, even while that one
 * waits for a retry. Once the earlier one is delivered or failed, the next one goes.
 */
@injectable()
export class WebhookDeliveryQueue {
  constructor(@inject(INFRA_TYPES.KnexDbContext) private readonly context: KnexDbContext) {}

  async claim(now: Date, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
    const { rows } = await this.context.executor().raw<{ rows: ClaimRow[] }>(
      `WITH due AS (
         SELECT d.id FROM webhook_deliveries d
         JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.status = 'active'
         WHERE d.status = 'pending' AND d.next_attempt_at <= :now
           AND NOT EXISTS (
             SELECT 1 FROM webhook_deliveries earlier
             WHERE earlier.endpoint_id = d.endpoint_id AND earlier.status = 'pending' AND earlier.position < d.position)
         ORDER BY d.next_attempt_at, d.position
         LIMIT :limit
         FOR UPDATE OF d SKIP LOCKED)
       UPDATE webhook_deliveries w
          SET attempts = w.attempts + 1,
              first_attempt_at = COALESCE(w.first_attempt_at, :now),
              next_attempt_at = :leaseEnd
         FROM due, webhook_endpoints e
        WHERE w.id = due.id AND e.id = w.endpoint_id
          -- Re-checked on the locked row: a worker that took it between our read and our lock moved it on.
          AND w.status = 'pending' AND w.next_attempt_at <= :now
       RETURNING w.id, w.event_id, w.attempts, w.first_attempt_at, w.payload, e.url, e.secret`,
      { now, limit, leaseEnd: new Date(now.getTime() + leaseMs) },
    );
    return rows.map((row) => ({
      id: row.id,
      eventId: row.event_id,
      attempt: row.attempts,
      firstAttemptAt: new Date(row.first_attempt_at),
      body: typeof row.payload === 'string' ? row.payload : JSON.stringify(row.payload),
      url: row.url,
      secret: row.secret,
    }));
  }

  // Each outcome is written only for the attempt that is still the latest (attempts = ours): a
  // worker whose lease ran out, and whose delivery another worker took over, writes nothing.

  async delivered(claim: ClaimedDelivery, statusCode: number, now: Date): Promise<boolean> {
    return this.record(claim, { status: 'delivered', last_status_code: statusCode, last_error: null, delivered_at: now, next_attempt_at: now });
  }

  async retryAt(claim: ClaimedDelivery, at: Date, statusCode: number | null, error: string | null): Promise<boolean> {
    return this.record(claim, { last_status_code: statusCode, last_error: error, next_attempt_at: at });
  }

  async failed(claim: ClaimedDelivery, statusCode: number | null, error: string | null, now: Date): Promise<boolean> {
    return this.record(claim, { status: 'failed', last_status_code: statusCode, last_error: error, next_attempt_at: now });
  }

  async pendingStats(): Promise<PendingStats> {
    const row = await this.context.executor()('webhook_deliveries').where({ status: 'pending' }).first(this.context.db.raw('count(*)::int AS count'), this.context.db.raw('min(created_at) AS oldest'));
    return { count: Number(row?.count ?? 0), oldestCreatedAt: row?.oldest ? new Date(row.oldest) : null };
  }

  private async record(claim: ClaimedDelivery, change: Record<string, unknown>): Promise<boolean> {
    const updated = await this.context.executor()('webhook_deliveries').where({ id: claim.id, attempts: claim.attempt, status: 'pending' }).update(change);
    return updated === 1;
  }
}

import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import type { FinancialSettings } from '../../../../../domain/modules/financial/financial-settings';
import { IdempotencyInProgressError, IdempotencyKeyReusedError } from '../../../../../domain/modules/financial/financial.errors';
import { FINANCIAL_TYPES } from '../../../../../domain/modules/financial/financial.types';
import type {
  ClaimOutcome,
  IIdempotencyStore,
  IdempotencyClaim,
  IdempotentRequest,
  StoredResponse,
} from '../../../../../domain/modules/financial/idempotency.port';
import { INFRA_TYPES } from '../../../../infra.types';
import { isConnectionFailure } from '../../database-outage';
import type { KnexDbContext } from '../../knex-db-context';
import type { ClaimReleases } from './claim-releases';

/** Finished records are kept at least this long (SPEC: at least 24 hours). */
export const RETENTION_HOURS = 24;
const CLAIM_ROUNDS = 3;

interface KeyRow {
  id: string | number;
  method: string;
  path: string;
  request_hash: string;
  status: 'in_progress' | 'completed';
  lock_token: string | null;
  lapsed: boolean;
  expired: boolean;
  recovery_transaction_id: string | null;
  response_status: number | null;
  response_body: string | null;
  response_location: string | null;
}

/**
 * Idempotency records in PostgreSQL. Every time comparison uses the database clock, so instances
 * with drifting clocks still agree. The claim runs on the current executor: on the pool it commits
 * at once (work that calls a gateway), inside the request's transaction it commits with the ledger
 * change (pure ledger work), and a concurrent INSERT of the same key then waits on the unique index
 * until that transaction ends. The outcome is written inside the ledger transaction by `complete`,
 * which only the current holder of the claim's token can do.
 */
@injectable()
export class KnexIdempotencyStore implements IIdempotencyStore {
  constructor(
    @inject(INFRA_TYPES.KnexDbContext) private readonly context: KnexDbContext,
    @inject(FINANCIAL_TYPES.FinancialSettings) private readonly settings: FinancialSettings,
    @inject(INFRA_TYPES.ClaimReleases) private readonly releases: ClaimReleases,
  ) {}

  private db(): Knex | Knex.Transaction {
    return this.context.executor();
  }

  async claim(request: IdempotentRequest): Promise<ClaimOutcome> {
    const tokens: string[] = [];
    try {
      return await this.claimWith(request, tokens);
    } catch (error) {
      // The connection died under our INSERT or takeover: it may have committed, holding the key
      // for nobody. Release whatever this attempt may hold, so the client's retry is not refused.
      if (isConnectionFailure(error)) {
        for (const token of tokens) this.releases.releaseSoon(() => this.releaseHold({ scope: request.scope, key: request.key, lock_token: token }));
      }
      throw error;
    }
  }

  private async claimWith(request: IdempotentRequest, tokens: string[]): Promise<ClaimOutcome> {
    for (let round = 0; round < CLAIM_ROUNDS; round++) {
      const token = randomUUID();
      tokens.push(token);
      const { rows: inserted } = await this.db().raw<{ rows: { id: string | number }[] }>(
        `INSERT INTO idempotency_keys (scope, key, method, path, request_hash, status, lock_token, locked_until, expires_at)
         VALUES (?, ?, ?, ?, ?, 'in_progress', ?, now() + ? * interval '1 millisecond', now() + ? * interval '1 hour')
         ON CONFLICT (scope, key) DO NOTHING
         RETURNING id`,
        [request.scope, request.key, request.method, request.path, request.requestHash, token, this.settings.idempotencyLeaseMs, RETENTION_HOURS],
      );
      if (inserted.length) return { kind: 'claimed', claim: { id: String(inserted[0].id), token, recoveryPoint: null } };

      const existing = await this.find(request);
      if (!existing) continue; // released between our insert and our read: try again
      if (existing.expired && (existing.status === 'completed' || existing.recovery_transaction_id === null)) {
        await this.db().raw(`DELETE FROM idempotency_keys WHERE id = ? AND expires_at <= now() AND (status = 'completed' OR recovery_transaction_id IS NULL)`, [
          existing.id,
        ]);
        continue; // past its retention: the key is free again
      }
      if (existing.method !== request.method || existing.path !== request.path || existing.request_hash !== request.requestHash) {
        throw new IdempotencyKeyReusedError();
      }
      if (existing.status === 'completed') {
        return {
          kind: 'replay',
          response: { status: Number(existing.response_status), body: String(existing.response_body), location: existing.response_location },
        };
      }
      if (!existing.lapsed) throw new IdempotencyInProgressError();
      // The holder's lease lapsed (it crashed or released for a retry): take over, token-guarded so
      // that only one of several racing retries wins.
      const { rows: taken } = await this.db().raw<{ rows: { recovery_transaction_id: string | null }[] }>(
        `UPDATE idempotency_keys SET lock_token = ?, locked_until = now() + ? * interval '1 millisecond'
          WHERE id = ? AND status = 'in_progress' AND lock_token IS NOT DISTINCT FROM ? AND locked_until <= now()
          RETURNING recovery_transaction_id`,
        [token, this.settings.idempotencyLeaseMs, existing.id, existing.lock_token],
      );
      if (taken.length) return { kind: 'claimed', claim: { id: String(existing.id), token, recoveryPoint: taken[0].recovery_transaction_id } };
    }
    throw new IdempotencyInProgressError();
  }

  async checkpoint(claim: IdempotencyClaim, stepId: string | null): Promise<void> {
    // Counted through RETURNING: PGlite's knex client reports no affected-row count.
    const updated: unknown[] = await this.db()('idempotency_keys')
      .where({ id: claim.id, lock_token: claim.token, status: 'in_progress' })
      .update({ recovery_transaction_id: stepId })
      .returning('id');
    if (updated.length === 0) throw new IdempotencyInProgressError();
  }

  async complete(claim: IdempotencyClaim, response: StoredResponse): Promise<void> {
    const { rows } = await this.db().raw<{ rows: unknown[] }>(
      `UPDATE idempotency_keys
          SET status = 'completed', response_status = ?, response_body = ?, response_location = ?,
              completed_at = now(), expires_at = now() + ? * interval '1 hour', lock_token = NULL, locked_until = NULL
        WHERE id = ? AND lock_token = ? AND status = 'in_progress'
        RETURNING id`,
      [response.status, response.body, response.location, RETENTION_HOURS, claim.id, claim.token],
    );
    // Someone took the key over: this attempt's writes must roll back with its transaction.
    if (rows.length === 0) throw new IdempotencyInProgressError();
  }

  async release(claim: IdempotencyClaim): Promise<void> {
    await this.releases.release(() => this.releaseHold({ id: claim.id, lock_token: claim.token }));
  }

  keepAlive(claim: IdempotencyClaim): () => void {
    // Renewed every third of the lease: two renewals may fail (a slow database) before it lapses.
    const timer = setInterval(() => {
      // A renewal the database refuses is not retried: the next one comes a third of a lease
      // later, and if the database stays away the lease lapses, which is what it is for.
      this.renew(claim).catch(() => undefined);
    }, Math.max(1000, Math.floor(this.settings.idempotencyLeaseMs / 3)));
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Extends the hold; false once it was taken over or finished. On the pool, never in the request's transaction. */
  async renew(claim: IdempotencyClaim): Promise<boolean> {
    const { rows } = await this.context.db.raw<{ rows: unknown[] }>(
      `UPDATE idempotency_keys SET locked_until = now() + ? * interval '1 millisecond'
        WHERE id = ? AND lock_token = ? AND status = 'in_progress' RETURNING id`,
      [this.settings.idempotencyLeaseMs, claim.id, claim.token],
    );
    return rows.length > 0;
  }

  /**
   * Frees the hold `match` names (by id, or by scope and key) if it still carries the token; true
   * when it did. On the pool: it runs after the request's transaction, or in the background.
   */
  private async releaseHold(match: { id: string; lock_token: string } | { scope: string; key: string; lock_token: string }): Promise<boolean> {
    const db = this.context.db;
    const deleted: unknown[] = await db('idempotency_keys').where(match).where({ status: 'in_progress' }).whereNull('recovery_transaction_id').delete().returning('id');
    if (deleted.length > 0) return true;
    // A committed first step must not be forgotten: lapse the hold so the retry resumes at once.
    const lapsed: unknown[] = await db('idempotency_keys')
      .where(match)
      .where({ status: 'in_progress' })
      .update({ lock_token: null, locked_until: db.raw('now()') })
      .returning('id');
    return lapsed.length > 0;
  }

  async purgeExpired(): Promise<number> {
    // Records holding an unfinished first step (a hold or a debit awaiting its payout) stay until resumed.
    const { rows } = await this.db().raw<{ rows: { purged: string | number }[] }>(
      `WITH purged AS (
         DELETE FROM idempotency_keys
          WHERE expires_at < now() AND (status = 'completed' OR recovery_transaction_id IS NULL)
         RETURNING 1)
       SELECT count(*) AS purged FROM purged`,
    );
    return Number(rows[0].purged);
  }

  private async find(request: IdempotentRequest): Promise<KeyRow | undefined> {
    const { rows } = await this.db().raw<{ rows: KeyRow[] }>(
      `SELECT id, method, path, request_hash, status, lock_token, locked_until <= now() AS lapsed, expires_at <= now() AS expired,
              recovery_transaction_id, response_status, response_body, response_location
         FROM idempotency_keys WHERE scope = ? AND key = ?`,
      [request.scope, request.key],
    );
    return rows[0];
  }
}

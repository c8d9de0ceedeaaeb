import type { Knex } from 'knex';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { DatabaseMonitor } from './database-monitor';
import type { ClaimReleases } from './modules/financial/claim-releases';

interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

/**
 * What an operator needs to see of the database under stress: the pool (all used, requests
 * queueing: raise DB_POOL_SIZE or find the lock holder), the lock and statement timeouts it
 * answered, and the idempotency keys released after failed attempts.
 */
export function registerDatabaseMetrics(registry: Registry, db: Knex, monitor: DatabaseMonitor, releases: ClaimReleases): void {
  new Gauge({
    name: 'db_client_connection_count',
    help: 'Connections of the request pool: state="used" (lent to a request), "idle", "pending" (requests waiting for one)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const pool = (db.client as { pool?: TarnPool }).pool;
      if (!pool || typeof pool.numUsed !== 'function') return;
      this.set({ state: 'used' }, pool.numUsed());
      this.set({ state: 'idle' }, pool.numFree());
      this.set({ state: 'pending' }, pool.numPendingAcquires());
    },
  });
  const timeouts = new Counter({
    name: 'database_lock_timeouts_total',
    help: 'Statements the database cancelled: kind="lock" (lock_timeout, a row held by another session), "statement" (statement_timeout)',
    labelNames: ['kind'],
    registers: [registry],
  });
  monitor.onFailure((failure) => {
    if (failure === 'lock-timeout') timeouts.inc({ kind: 'lock' });
    else if (failure === 'statement-timeout') timeouts.inc({ kind: 'statement' });
  });
  const released = new Counter({
    name: 'idempotency_claims_released_total',
    help: 'Idempotency keys released after a failed (5xx) attempt so that the retry runs again: outcome="released", "released_after_retry" (the database was down at first), "abandoned" (left to lapse with its lease)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  releases.onOutcome((outcome) => released.inc({ outcome }));
}

/** 1 while a dependency is failing and the service runs without it (Redis) or answers 503 for it (the database). */
export function registerDegradedGauge(registry: Registry, dependencies: Record<string, () => boolean>): void {
  new Gauge({
    name: 'degraded',
    help: 'Whether a dependency is failing right now: 1 degraded, 0 fine',
    labelNames: ['dependency'],
    registers: [registry],
    collect() {
      for (const [dependency, failing] of Object.entries(dependencies)) this.set({ dependency }, failing() ? 1 : 0);
    },
  });
}

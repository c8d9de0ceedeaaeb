import type { Logger } from 'pino';
import { classifyDatabaseFailure } from '../../database-outage';

export type ReleaseOutcome = 'released' | 'released_after_retry' | 'abandoned';

/** Waits before each retry of a release that failed; after the last, the claim's lease lapses on its own. */
export const RELEASE_RETRY_DELAYS_MS = [250, 1000, 2000, 4000, 8000];

/**
 * Releases of idempotency claims that must not be lost to the outage that caused them. An attempt
 * that fails with a 5xx releases its key so that the client's retry runs again at once; when the
 * database is what failed, that release usually fails too. It is then retried in the background,
 * a bounded number of times with growing waits, on timers that never keep the process alive, and
 * not at all once the application closes. A claim never released still lapses with its lease.
 */
export class ClaimReleases {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly waiting = new Set<() => void>();
  private readonly listeners: ((outcome: ReleaseOutcome) => void)[] = [];
  private stopped = false;

  constructor(
    private readonly logger: Logger,
    private readonly delaysMs: readonly number[] = RELEASE_RETRY_DELAYS_MS,
  ) {}

  onOutcome(listener: (outcome: ReleaseOutcome) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Runs `release` (true when it freed a claim) now; when the database is unreachable or busy,
   * schedules its retries and resolves. Any other failure is a bug and is thrown.
   */
  async release(release: () => Promise<boolean>): Promise<void> {
    try {
      if (await release()) this.emit('released');
    } catch (error) {
      if (!classifyDatabaseFailure(error)) throw error;
      this.retry(release, 0);
    }
  }

  /** `release` without waiting for it: a failure other than the database's is logged, never left unhandled. */
  releaseSoon(release: () => Promise<boolean>): void {
    this.release(release).catch((error: unknown) => this.logger.error({ err: error }, 'idempotency claim release failed'));
  }

  /** Resolves once no retry is pending (tests, and a shutdown that wants to wait). */
  idle(): Promise<void> {
    if (this.timers.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiting.add(resolve));
  }

  get pending(): number {
    return this.timers.size;
  }

  /** At shutdown: pending retries are dropped (their claims lapse with their lease). */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.settle();
  }

  private retry(release: () => Promise<boolean>, attempt: number): void {
    if (this.stopped) return;
    if (attempt >= this.delaysMs.length) {
      this.emit('abandoned');
      this.logger.warn({ attempts: attempt + 1 }, 'idempotency claim not released: the database stayed unavailable, the key frees itself when its lease lapses');
      return;
    }
    const timer = setTimeout(() => {
      release().then(
        (released) => {
          this.timers.delete(timer);
          if (released) this.emit('released_after_retry');
          this.settle();
        },
        (error: unknown) => {
          this.timers.delete(timer);
          if (classifyDatabaseFailure(error)) this.retry(release, attempt + 1);
          else this.logger.error({ err: error }, 'idempotency claim release failed');
          this.settle();
        },
      );
    }, this.delaysMs[attempt]);
    timer.unref();
    this.timers.add(timer);
  }

  private emit(outcome: ReleaseOutcome): void {
    for (const listener of this.listeners) listener(outcome);
  }

  private settle(): void {
    if (this.timers.size > 0) return;
    for (const resolve of this.waiting) resolve();
    this.waiting.clear();
  }
}

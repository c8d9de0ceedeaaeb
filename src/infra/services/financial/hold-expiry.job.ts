import type { Logger } from 'pino';
import type { IHoldService } from '../../../domain/modules/financial/hold.service';

/**
 * The server's periodic sweep of expired holds (HOLDS_EXPIRY_INTERVAL_MS). It only records what
 * reads already treat as expired, so a missed or failed run costs nothing but a log line; several
 * instances may run it at once (IHoldService.expireDue). The timer never keeps the process alive.
 */
export class HoldExpiryJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly holds: IHoldService,
    private readonly logger: Logger,
  ) {}

  start(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), intervalMs);
    this.timer.unref();
  }

  /** One sweep; a tick that finds the previous one still running skips. */
  runOnce(): Promise<number> {
    if (this.running) return Promise.resolve(0);
    this.running = this.sweep().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Stops the timer and waits for a sweep in progress, so that the pool closes after it. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async sweep(): Promise<number> {
    try {
      const expired = await this.holds.expireDue();
      if (expired > 0) this.logger.info({ expired }, 'expired holds recorded');
      return expired;
    } catch (error) {
      this.logger.warn({ err: error }, 'the sweep of expired holds failed; the next run tries again');
      return 0;
    }
  }
}

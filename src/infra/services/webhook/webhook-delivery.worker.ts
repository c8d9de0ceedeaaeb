import type { Logger } from 'pino';
import { afterFailedAttempt } from '../../../domain/modules/webhook/webhook-retry.schedule';
import type { IClock } from '../../../domain/shared/clock.port';
import type { IWebhookSender, SendOutcome } from '../../adapters/webhook/webhook-http.sender';
import type { ClaimedDelivery, WebhookDeliveryQueue } from '../../database/knex/modules/webhook/webhook-delivery.queue';
import type { WebhookMetrics } from '../../metrics/webhook.metrics';
import { signatureHeaders } from './webhook-signature';

export interface WebhookWorkerOptions {
  /** Pause between runs when the last one found nothing due. */
  intervalMs: number;
  /** Per HTTP attempt. */
  timeoutMs: number;
  /** Deliveries claimed per run (each a different endpoint's next one). */
  batchSize: number;
}

// The lease outlives the send's timeout by this much, so a slow but live worker records its
// outcome before anyone else may take the delivery over.
const LEASE_MARGIN_MS = 5_000;

/**
 * Sends the queued deliveries: claim (a short statement), POST outside any transaction, record
 * the outcome. 2xx is delivered; anything else is retried on the schedule of
 * webhook-retry.schedule.ts until its 3-day window ends, then failed.
 */
export class WebhookDeliveryWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly queue: WebhookDeliveryQueue,
    private readonly sender: IWebhookSender,
    private readonly clock: IClock,
    private readonly options: WebhookWorkerOptions,
    private readonly metrics: WebhookMetrics,
    private readonly logger: Logger,
    private readonly random: () => number = Math.random,
  ) {}

  /** One pass: the deliveries due at `now`, each attempted once. Answers how many were attempted. */
  async runOnce(now: Date = this.clock.now()): Promise<number> {
    const claimed = await this.queue.claim(now, this.options.timeoutMs + LEASE_MARGIN_MS, this.options.batchSize);
    await Promise.all(claimed.map((claim) => this.attempt(claim, now)));
    this.metrics.queue(await this.queue.pendingStats(), this.clock.now());
    return claimed.length;
  }

  /** Runs until stop(): again at once while there was work, else after the interval. Its timer never keeps the process alive. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** No new run starts; the one in progress finishes (its sends are bounded by the timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .then((attempted) => this.schedule(attempted > 0 ? 0 : this.options.intervalMs))
        .catch((error: unknown) => {
          // The database may be down: log, and try again after the interval.
          this.logger.error({ err: error }, 'webhook delivery run failed');
          this.schedule(this.options.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  private async attempt(claim: ClaimedDelivery, now: Date): Promise<void> {
    const timestamp = Math.floor(now.getTime() / 1000);
    const outcome = await this.sender.send({ url: claim.url, headers: signatureHeaders(claim.secret, claim.eventId, timestamp, claim.body), body: claim.body });
    await this.record(claim, outcome, now);
  }

  private async record(claim: ClaimedDelivery, outcome: SendOutcome, now: Date): Promise<void> {
    if (outcome.delivered) {
      if (await this.queue.delivered(claim, outcome.statusCode!, now)) this.metrics.attempt('delivered');
      return;
    }
    const next = afterFailedAttempt(claim.attempt, claim.firstAttemptAt, now, this.random());
    if (next.kind === 'retry') {
      if (await this.queue.retryAt(claim, next.at, outcome.statusCode, outcome.error)) this.metrics.attempt('retried');
      return;
    }
    if (await this.queue.failed(claim, outcome.statusCode, outcome.error, now)) {
      this.metrics.attempt('failed');
      // The URL and the last error only: never the secret nor the payload.
      this.logger.warn({ deliveryId: claim.id, eventId: claim.eventId, attempts: claim.attempt, lastError: outcome.error }, 'webhook delivery failed for good');
    }
  }
}

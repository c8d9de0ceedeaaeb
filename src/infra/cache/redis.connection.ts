import {
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  isBrokenCircuitError,
  type CircuitBreakerPolicy,
  type IBackoff,
  type IHalfOpenAfterBackoffContext,
} from 'cockatiel';
import type { Logger } from 'pino';
import { ErrorReply } from 'redis';
import type { RedisClient } from './redis.client';

export type RedisCircuitState = 'closed' | 'open' | 'half-open';

export interface RedisConnectionOptions {
  /** Longest wait for one command. */
  commandTimeoutMs?: number;
  /** Longest total wait for Redis within one request, however many commands it sends in series. */
  /** Consecutive failed commands that open the circuit. */
  failureThreshold?: number;
  /** How long the circuit stays open before one probe tries Redis again. */
  halfOpenAfterMs?: number;
}

/** Redis was not asked: the circuit is open. */
export class RedisSkippedError extends Error {}

export class RedisTimeoutError extends Error {}

const STATES: Record<number, RedisCircuitState> = { [CircuitState.Closed]: 'closed', [CircuitState.Open]: 'open', [CircuitState.HalfOpen]: 'half-open' };

/**
 * Every use of Redis goes through here (the cache and the rate-limit stores of a process share
 * one): each command is bounded in time, and a circuit
 * breaker remembers that Redis is down or stalled, so that requests then skip it at once (a cache
 * miss, a rate limit that fails open). While the circuit is open a background probe PINGs Redis
 * every `halfOpenAfterMs`, and at once when the client reconnects; requests never wait on it.
 */
export class RedisConnection {
  private readonly commandTimeoutMs: number;
  private readonly halfOpenAfterMs: number;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly errorListeners: ((kind: 'command' | 'connection') => void)[] = [];
  private probeTimer: NodeJS.Timeout | undefined;
  private outage = false;
  private closed = false;
  private openedAt = 0;
  private reconnectedAt = 0;

  constructor(
    readonly client: RedisClient,
    private readonly logger: Logger,
    options: RedisConnectionOptions = {},
  ) {
    this.commandTimeoutMs = options.commandTimeoutMs ?? 250;
    this.halfOpenAfterMs = options.halfOpenAfterMs ?? 2000;
    // Redis answering with an error (NOSCRIPT, a wrong type) is Redis working, not an outage.
    const outage = (error: Error) => !(error instanceof ErrorReply) && !(error instanceof RedisSkippedError);
    // The break lasts halfOpenAfterMs, or ends as soon as the client has reconnected since it began
    // (Redis restarted): cockatiel reads `duration` each time it decides whether to let a test through.
    const breakMs = () => (this.reconnectedAt > this.openedAt ? 0 : this.halfOpenAfterMs);
    const halfOpenAfter: IBackoff<IHalfOpenAfterBackoffContext> = {
      get duration() {
        return breakMs();
      },
      next: () => halfOpenAfter,
    };
    this.breaker = circuitBreaker(handleWhen(outage), { halfOpenAfter, breaker: new ConsecutiveBreaker(options.failureThreshold ?? 3) });
    this.breaker.onFailure(({ handled }) => handled && this.emitError('command'));
    this.breaker.onStateChange((state) => this.stateChanged(state));
    client.on('error', () => this.emitError('connection'));
    client.on('ready', () => {
      this.reconnectedAt = Date.now();
      if (this.outage) void this.probe();
    });
  }

  get circuitState(): RedisCircuitState {
    return STATES[this.breaker.state] ?? 'open';
  }

  /** Called for every failed command and every connection error (metrics). */
  onError(listener: (kind: 'command' | 'connection') => void): void {
    this.errorListeners.push(listener);
  }

  /** Rejects at once with RedisSkippedError while the circuit is not closed. */
  async run<T>(command: (client: RedisClient) => Promise<T>): Promise<T> {
    // Only closed: in half-open, cockatiel would make every caller wait for the probe's outcome.
    if (this.breaker.state !== CircuitState.Closed) throw new RedisSkippedError('redis circuit open');
    return this.breaker.execute(() => within(command(this.client), this.commandTimeoutMs));
  }

  /** Readiness: fails at once while the circuit is open, without touching Redis. */
  async ping(): Promise<void> {
    await this.run((client) => client.ping());
  }

  /**
   * Bounded, so that shutdown never waits on Redis: a client still reconnecting is destroyed at once
   * (a QUIT queued on a socket that never comes back would wait forever).
   */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.probeTimer);
    if (!this.client.isOpen) return;
    if (!this.client.isReady || this.circuitState !== 'closed') {
      this.client.destroy();
      return;
    }
    await within(this.client.close(), this.commandTimeoutMs).catch(() => this.client.destroy());
  }

  private stateChanged(state: CircuitState): void {
    if (state === CircuitState.Open) {
      this.openedAt = Date.now();
      if (!this.outage) {
        const reason = this.breaker.lastFailure;
        const message = reason && 'error' in reason ? reason.error.message : undefined;
        this.logger.warn({ err: { message }, retryInMs: this.halfOpenAfterMs }, 'redis unavailable: circuit open, cache and rate limits skip it');
      }
      this.outage = true;
      this.scheduleProbe();
    } else if (state === CircuitState.Closed && this.outage) {
      this.outage = false;
      this.logger.info('redis is back: circuit closed');
    }
  }

  private scheduleProbe(): void {
    clearTimeout(this.probeTimer);
    if (this.closed) return;
    // A little past the break, so that cockatiel lets the probe through as the half-open test.
    this.probeTimer = setTimeout(() => void this.probe(), this.halfOpenAfterMs + 10);
    this.probeTimer.unref();
  }

  private async probe(): Promise<void> {
    if (this.closed) return;
    try {
      await this.breaker.execute(() => within(this.client.ping(), this.commandTimeoutMs));
    } catch (error) {
      // A failed probe re-opened the circuit, which scheduled the next probe; a timer that fired
      // before cockatiel's clock allowed the test did not, so it asks again.
      if (isBrokenCircuitError(error)) this.scheduleProbe();
    }
  }

  private emitError(kind: 'command' | 'connection'): void {
    for (const listener of this.errorListeners) listener(kind);
  }
}

/** How late a timer may fire before the wait counts as held up by this process rather than by Redis. */
const LOOP_LAG_TOLERANCE_MS = 20;
/** The extra wait a command then gets, measured from when the event loop was free again. */
const LOOP_LAG_GRACE_MS = 50;

/**
 * Not cockatiel's timeout: a busy event loop (a long synchronous task) delays everything at once,
 * so a command may not even be written, or its reply not yet read, when its timer fires late. Such
 * a timeout says nothing about Redis, yet would open the circuit, so the command gets one short
 * extra wait from the moment the loop is free; and the reply already received gets one more turn
 * of I/O, since due timers run before sockets are read.
 */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const due = performance.now() + ms;
    let extended = false;
    const expire = () => {
      if (!extended && performance.now() - due > LOOP_LAG_TOLERANCE_MS) {
        extended = true;
        timer = setTimeout(expire, LOOP_LAG_GRACE_MS);
        return;
      }
      setImmediate(() => reject(new RedisTimeoutError(`redis command timed out after ${ms} ms`)));
    };
    let timer = setTimeout(expire, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

import {
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  isBrokenCircuitError,
  TaskCancelledError,
  retry,
  timeout,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
} from 'cockatiel';
import type { Logger } from 'pino';
import { DomainError } from '../../../domain/shared/domain-error';
import {
  GatewayFailureError,
  GatewayOutcomeUnknownError,
  GatewayTimeoutError,
  GatewayUnavailableError,
  PaymentDeclinedError,
} from '../../../domain/modules/financial/financial.errors';
import type { Money } from '../../../domain/modules/financial/money.value-object';
import type { ChargeRequest, GatewayReceipt, IPaymentGateway, PayoutRequest, RefundRequest } from '../../../domain/modules/financial/payment-gateway.port';
import { gatewayOperationResponse } from './gateway-response.schema';

export interface HttpPaymentGatewayOptions {
  baseUrl: string;
  /** Per attempt. */
  timeoutMs: number;
  /** Retries after the first attempt (calls carry an idempotency key, so retrying is safe). */
  retries?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Consecutive failures that open the circuit, and how long it stays open. */
  breakerThreshold?: number;
  halfOpenAfterMs?: number;
  logger?: Logger;
}

const MAX_RESPONSE_BYTES = 64 * 1024;
/** Network failures that happen before a request is sent: the gateway never saw it. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);
/** Answers by which a gateway says it did not act on the request. */
const NOT_ACTED_ON_STATUSES = new Set([408, 429, 503]);

/**
 * Worth another attempt: the gateway may not have seen or finished the call (network, 5xx, 429).
 * `maybeExecuted`: the request may have been acted on (it was sent and the answer was lost or was a
 * 5xx other than 503), as opposed to known not to have been (connection refused, 503, 429, 408).
 */
class TransientGatewayError extends Error {
  readonly transient = true;

  constructor(
    message: string,
    readonly maybeExecuted: boolean,
  ) {
    super(message);
  }
}
/** The attempt's timeout aborted the call (the abort may surface before the policy's own error). */
class AttemptTimedOutError extends Error {
  readonly timedOut = true;
}
/** An answer that cannot be trusted: not retried, but counted by the circuit breaker. */
class MalformedGatewayResponseError extends Error {
  readonly malformed = true;
}

const CIRCUIT_STATES = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Open]: 'open',
  [CircuitState.Isolated]: 'isolated',
} as const;

/**
 * The payment gateway over HTTP (PAYMENT_GATEWAY_URL): `POST /charges`, `POST /payouts` and
 * `POST /refunds` (naming the charge) with an `Idempotency-Key` header. Each attempt has a timeout; transient failures are retried with
 * exponential backoff; a circuit breaker stops calling a gateway that keeps failing. Every answer
 * is validated, and must echo the amount and currency asked for.
 *
 * A failure says whether money may have moved (GatewayError.outcomeUnknown): a timeout, an answer
 * lost after the request was sent, a 5xx that does not say "not done", or an unreadable answer, in
 * any attempt of the call, leave the outcome unknown; a decline, a refusal, or failures that
 * prevented every attempt from reaching the gateway do not.
 */
export class HttpPaymentGateway implements IPaymentGateway {
  private readonly policy: IPolicy;
  private readonly breaker: CircuitBreakerPolicy;

  constructor(private readonly options: HttpPaymentGatewayOptions) {
    const transient = (e: Error) => e instanceof TransientGatewayError || timedOut(e);
    this.breaker = this.watchedBreaker(transient);
    this.policy = wrap(
      retry(handleWhen(transient), {
        maxAttempts: options.retries ?? 2,
        backoff: new ExponentialBackoff({ initialDelay: options.initialBackoffMs ?? 100, maxDelay: options.maxBackoffMs ?? 1000 }),
      }),
      this.breaker,
      timeout(options.timeoutMs, TimeoutStrategy.Aggressive),
    );
  }

  /** For the circuit-state gauge. */
  get circuitState(): 'closed' | 'half-open' | 'open' | 'isolated' {
    return CIRCUIT_STATES[this.breaker.state];
  }

  /**
   * Logged once per state change: the gateway gone (circuit open) and back (closed). A trial call
   * that fails re-opens the circuit without a new line, and calls refused while it is open are
   * not logged one by one (an outage would otherwise write a warning per payment request).
   */
  private watchedBreaker(transient: (e: Error) => boolean) {
    const breaker = circuitBreaker(handleWhen((e) => transient(e) || e instanceof MalformedGatewayResponseError), {
      halfOpenAfter: this.options.halfOpenAfterMs ?? 10_000,
      breaker: new ConsecutiveBreaker(this.options.breakerThreshold ?? 5),
    });
    let open = false;
    breaker.onBreak(() => {
      if (!open) this.options.logger?.warn({ retryInMs: this.options.halfOpenAfterMs ?? 10_000 }, 'payment gateway unavailable: circuit open, calls fail fast');
      open = true;
    });
    breaker.onReset(() => {
      if (open) this.options.logger?.info('payment gateway is back: circuit closed');
      open = false;
    });
    return breaker;
  }

  charge(request: ChargeRequest): Promise<GatewayReceipt> {
    return this.call('charges', request.amount, request.idempotencyKey, { source: request.source, description: request.description ?? undefined });
  }

  payout(request: PayoutRequest): Promise<GatewayReceipt> {
    return this.call('payouts', request.amount, request.idempotencyKey, {
      destination: request.destination,
      description: request.description ?? undefined,
    });
  }

  refund(request: RefundRequest): Promise<GatewayReceipt> {
    return this.call('refunds', request.amount, request.idempotencyKey, { charge: request.chargeReference, description: request.description ?? undefined });
  }

  private async call(operation: string, amount: Money, idempotencyKey: string, fields: Record<string, unknown>): Promise<GatewayReceipt> {
    const body = JSON.stringify({ amount: amount.toSafeInteger(), currency: amount.currency, ...fields });
    let maybeExecuted = false;
    try {
      return await this.policy.execute(async ({ signal }) => {
        try {
          return await this.attempt(operation, body, amount, idempotencyKey, signal);
        } catch (error) {
          if (timedOut(error) || error instanceof MalformedGatewayResponseError || (error instanceof TransientGatewayError && error.maybeExecuted)) maybeExecuted = true;
          throw error;
        }
      });
    } catch (error) {
      // A decline is the gateway's answer to this key: final, whatever earlier attempts saw. Any
      // other refusal after an attempt that may have acted may be of the repeat (a key still in
      // progress), not of the payment: the money may have moved.
      if (error instanceof DomainError && (error instanceof PaymentDeclinedError || !maybeExecuted)) throw error;
      // Refused by the open circuit: the gateway was not called, and the opening was logged once.
      const level = isBrokenCircuitError(error) ? 'debug' : 'warn';
      this.options.logger?.[level]({ operation, reason: (error as Error).message, maybeExecuted }, 'payment gateway call failed');
      if (timedOut(error)) throw new GatewayTimeoutError();
      if (maybeExecuted) throw new GatewayOutcomeUnknownError();
      if (isBrokenCircuitError(error)) throw new GatewayUnavailableError();
      throw new GatewayFailureError();
    }
  }

  private async attempt(operation: string, body: string, amount: Money, idempotencyKey: string, signal: AbortSignal): Promise<GatewayReceipt> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(new URL(operation, ensureTrailingSlash(this.options.baseUrl)), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': idempotencyKey },
        body,
        signal,
      });
      text = await response.text();
    } catch (error) {
      if (signal.aborted) throw new AttemptTimedOutError('attempt timed out');
      const code = (error as { cause?: { code?: unknown } }).cause?.code;
      throw new TransientGatewayError(`network error: ${(error as Error).message}`, !(typeof code === 'string' && NOT_SENT_CODES.has(code)));
    }
    if (response.status === 402) throw new PaymentDeclinedError();
    if (response.status >= 500 || NOT_ACTED_ON_STATUSES.has(response.status)) {
      throw new TransientGatewayError(`gateway answered ${response.status}`, !NOT_ACTED_ON_STATUSES.has(response.status));
    }
    // Any other refusal means the gateway did not accept our call: retrying it would not help.
    if (!response.ok) throw new GatewayFailureError(`The payment gateway refused the ${operation} call (${response.status})`);
    return this.receiptFrom(text, amount);
  }

  private receiptFrom(text: string, amount: Money): GatewayReceipt {
    if (text.length > MAX_RESPONSE_BYTES) throw new MalformedGatewayResponseError('response too large');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new MalformedGatewayResponseError('response is not JSON');
    }
    const { value, error } = gatewayOperationResponse.validate(parsed);
    if (error) throw new MalformedGatewayResponseError(`unexpected response shape: ${error.message}`);
    if (BigInt(value.amount) !== amount.amount || value.currency !== amount.currency) {
      throw new MalformedGatewayResponseError('response amount or currency differs from the request');
    }
    if (value.status === 'declined') throw new PaymentDeclinedError();
    return { reference: value.id };
  }
}

function timedOut(error: unknown): boolean {
  // Not cockatiel's isTaskCancelledError: in 3.2.1 it tests the bulkhead flag and never matches.
  return error instanceof AttemptTimedOutError || error instanceof TaskCancelledError;
}

function ensureTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

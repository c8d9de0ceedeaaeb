import {
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
  type IPolicy,
} from 'cockatiel';
import type { Logger } from 'pino';
import { DomainError } from '../../../domain/shared/domain-error';
import {
  GatewayFailureError,
  GatewayTimeoutError,
  GatewayUnavailableError,
  PaymentDeclinedError,
} from '../../../domain/modules/financial/financial.errors';
import type { Money } from '../../../domain/modules/financial/money.value-object';
import type { ChargeRequest, GatewayReceipt, IPaymentGateway, PayoutRequest } from '../../../domain/modules/financial/payment-gateway.port';
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

/** Worth another attempt: the gateway may not have seen or finished the call (network, 5xx, 429). */
class TransientGatewayError extends Error {
  readonly transient = true;
}
/** The attempt's timeout aborted the call (the abort may surface before the policy's own error). */
class AttemptTimedOutError extends Error {
  readonly timedOut = true;
}
/** An answer that cannot be trusted: not retried, but counted by the circuit breaker. */
class MalformedGatewayResponseError extends Error {
  readonly malformed = true;
}

/**
 * The payment gateway over HTTP (PAYMENT_GATEWAY_URL): `POST /charges` and `POST /payouts` with an
 * `Idempotency-Key` header. Each attempt has a timeout; transient failures are retried with
 * exponential backoff; a circuit breaker stops calling a gateway that keeps failing. Every answer
 * is validated, and must echo the amount and currency asked for.
 */
export class HttpPaymentGateway implements IPaymentGateway {
  private readonly policy: IPolicy;

  constructor(private readonly options: HttpPaymentGatewayOptions) {
    const transient = (e: Error) => e instanceof TransientGatewayError || timedOut(e);
    this.policy = wrap(
      retry(handleWhen(transient), {
        maxAttempts: options.retries ?? 2,
        backoff: new ExponentialBackoff({ initialDelay: options.initialBackoffMs ?? 100, maxDelay: options.maxBackoffMs ?? 1000 }),
      }),
      circuitBreaker(
        handleWhen((e) => transient(e) || e instanceof MalformedGatewayResponseError),
        { halfOpenAfter: options.halfOpenAfterMs ?? 10_000, breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 5) },
      ),
      timeout(options.timeoutMs, TimeoutStrategy.Aggressive),
    );
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

  private async call(operation: string, amount: Money, idempotencyKey: string, fields: Record<string, unknown>): Promise<GatewayReceipt> {
    const body = JSON.stringify({ amount: amount.toSafeInteger(), currency: amount.currency, ...fields });
    try {
      return await this.policy.execute(({ signal }) => this.attempt(operation, body, amount, idempotencyKey, signal));
    } catch (error) {
      if (error instanceof DomainError) throw error;
      this.options.logger?.warn({ operation, reason: (error as Error).message }, 'payment gateway call failed');
      if (isBrokenCircuitError(error)) throw new GatewayUnavailableError();
      if (timedOut(error)) throw new GatewayTimeoutError();
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
      throw new TransientGatewayError(`network error: ${(error as Error).message}`);
    }
    if (response.status === 402) throw new PaymentDeclinedError();
    if (response.status >= 500 || response.status === 429 || response.status === 408) {
      throw new TransientGatewayError(`gateway answered ${response.status}`);
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

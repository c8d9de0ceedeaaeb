import type { Money } from './money.value-object';

export interface ChargeRequest {
  amount: Money;
  /** The payment source (a card or wallet token). */
  source: string;
  /** Derived from the client's Idempotency-Key: a retried deposit never charges twice. */
  idempotencyKey: string;
  description?: string | null;
}

export interface PayoutRequest {
  amount: Money;
  /** Where the money goes (a bank account or wallet token). */
  destination: string;
  idempotencyKey: string;
  description?: string | null;
}

export interface GatewayReceipt {
  /** The gateway's id of the charge or payout. */
  reference: string;
}

/**
 * The outside payment network. Failures are thrown as PaymentDeclinedError, GatewayFailureError,
 * GatewayTimeoutError or GatewayUnavailableError; a call that throws moved no money.
 */
export interface IPaymentGateway {
  charge(request: ChargeRequest): Promise<GatewayReceipt>;
  payout(request: PayoutRequest): Promise<GatewayReceipt>;
}

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

export interface RefundRequest {
  /** At most what the charge captured, less earlier refunds. */
  amount: Money;
  /** The gateway's id of the charge being refunded. */
  chargeReference: string;
  idempotencyKey: string;
  description?: string | null;
}

export interface GatewayReceipt {
  /** The gateway's id of the charge, payout or refund. */
  reference: string;
}

/**
 * The outside payment network. Failures are thrown as GatewayErrors (PaymentDeclinedError,
 * GatewayFailureError, GatewayTimeoutError, GatewayUnavailableError). One whose `outcomeUnknown` is
 * false moved no money (a decline, a refusal, a call never sent); one whose `outcomeUnknown` is true
 * (a timeout, a lost or unreadable answer) may have: only asking again with the same idempotency
 * key tells. Any other error thrown is to be treated as an unknown outcome too.
 */
export interface IPaymentGateway {
  charge(request: ChargeRequest): Promise<GatewayReceipt>;
  payout(request: PayoutRequest): Promise<GatewayReceipt>;
  /** Pays (part of) a captured charge back to its payer. */
  refund(request: RefundRequest): Promise<GatewayReceipt>;
}

import { createHash } from 'node:crypto';
import { GatewayFailureError, GatewayTimeoutError, PaymentDeclinedError } from '../../../domain/modules/financial/financial.errors';
import type { ChargeRequest, GatewayReceipt, IPaymentGateway, PayoutRequest, RefundRequest } from '../../../domain/modules/financial/payment-gateway.port';

/** Tokens with a fixed outcome, for sources (charges) and destinations (payouts) alike. */
export const SANDBOX_TOKENS = {
  decline: 'tok_decline',
  error: 'tok_error',
  timeout: 'tok_timeout',
} as const;

/**
 * Sources whose charge succeeds but whose refunds do not: the charge's reference carries the
 * outcome, so that a refund (which names only the charge) is decided without any stored state.
 */
export const SANDBOX_REFUND_TOKENS = {
  decline: 'tok_refund_decline',
  error: 'tok_refund_error',
  timeout: 'tok_refund_timeout',
} as const;

const REFUND_OUTCOMES: Record<string, () => Error> = {
  'refund-decline': () => new PaymentDeclinedError('The payment gateway declined the refund'),
  'refund-error': () => new GatewayFailureError(),
  'refund-timeout': () => new GatewayTimeoutError(),
};

/**
 * The built-in gateway (no PAYMENT_GATEWAY_URL): deterministic, so that anyone can exercise every
 * path. `tok_decline` is declined, `tok_error` fails, `tok_timeout` times out; anything else
 * succeeds. Refunds succeed, except those of a charge from `tok_refund_decline` (declined),
 * `tok_refund_error` (fails) or `tok_refund_timeout` (times out). Like a real gateway it recognises
 * a retried call by its idempotency key: the same key always gets the same reference.
 */
export class SandboxPaymentGateway implements IPaymentGateway {
  async charge(request: ChargeRequest): Promise<GatewayReceipt> {
    const receipt = this.decide(request.source, 'ch', request.idempotencyKey);
    const refundOutcome = Object.entries(SANDBOX_REFUND_TOKENS).find(([, token]) => token === request.source)?.[0];
    return refundOutcome ? { reference: receipt.reference.replace('ch_sandbox_', `ch_sandbox_refund-${refundOutcome}_`) } : receipt;
  }

  async payout(request: PayoutRequest): Promise<GatewayReceipt> {
    return this.decide(request.destination, 'po', request.idempotencyKey);
  }

  async refund(request: RefundRequest): Promise<GatewayReceipt> {
    const outcome = /^ch_sandbox_(refund-[a-z]+)_/.exec(request.chargeReference)?.[1];
    const failure = outcome === undefined ? undefined : REFUND_OUTCOMES[outcome];
    if (failure) throw failure();
    return this.decide('', 're', request.idempotencyKey);
  }

  private decide(token: string, prefix: string, idempotencyKey: string): GatewayReceipt {
    if (token === SANDBOX_TOKENS.decline) throw new PaymentDeclinedError();
    if (token === SANDBOX_TOKENS.error) throw new GatewayFailureError();
    if (token === SANDBOX_TOKENS.timeout) throw new GatewayTimeoutError();
    return { reference: `${prefix}_sandbox_${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}` };
  }
}

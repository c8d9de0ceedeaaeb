import { createHash } from 'node:crypto';
import { GatewayFailureError, GatewayTimeoutError, PaymentDeclinedError } from '../../../domain/modules/financial/financial.errors';
import type { ChargeRequest, GatewayReceipt, IPaymentGateway, PayoutRequest } from '../../../domain/modules/financial/payment-gateway.port';

/** Tokens with a fixed outcome, for sources (charges) and destinations (payouts) alike. */
export const SANDBOX_TOKENS = {
  decline: 'tok_decline',
  error: 'tok_error',
  timeout: 'tok_timeout',
} as const;

/**
 * The built-in gateway (no PAYMENT_GATEWAY_URL): deterministic, so that anyone can exercise every
 * path. `tok_decline` is declined, `tok_error` fails, `tok_timeout` times out; anything else
 * succeeds. Like a real gateway it recognises a retried call by its idempotency key: the same key
 * always gets the same reference.
 */
export class SandboxPaymentGateway implements IPaymentGateway {
  async charge(request: ChargeRequest): Promise<GatewayReceipt> {
    return this.decide(request.source, 'ch', request.idempotencyKey);
  }

  async payout(request: PayoutRequest): Promise<GatewayReceipt> {
    return this.decide(request.destination, 'po', request.idempotencyKey);
  }

  private decide(token: string, prefix: string, idempotencyKey: string): GatewayReceipt {
    if (token === SANDBOX_TOKENS.decline) throw new PaymentDeclinedError();
    if (token === SANDBOX_TOKENS.error) throw new GatewayFailureError();
    if (token === SANDBOX_TOKENS.timeout) throw new GatewayTimeoutError();
    return { reference: `${prefix}_sandbox_${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}` };
  }
}

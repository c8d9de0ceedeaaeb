import { Gauge, Histogram, type Registry } from 'prom-client';
import { GatewayError } from '../../domain/modules/financial/financial.errors';
import type { IPaymentGateway } from '../../domain/modules/financial/payment-gateway.port';

export type GatewayCircuitState = 'closed' | 'half-open' | 'open' | 'isolated';
const STATE_VALUES: Record<GatewayCircuitState, number> = { closed: 0, 'half-open': 1, open: 2, isolated: 3 };

/**
 * `ok`; `refused` when no money moved (a decline, a refusal, an open circuit); `unknown` when money
 * may have moved and only a retry with the same key tells (a timeout, a lost answer).
 */
function outcomeOf(error: unknown): 'refused' | 'unknown' {
  return error instanceof GatewayError && !error.outcomeUnknown ? 'refused' : 'unknown';
}

/** The same gateway, timed per operation and outcome; its circuit state as a gauge when it has one. */
export function meteredPaymentGateway(gateway: IPaymentGateway & { circuitState?: GatewayCircuitState }, registry: Registry): IPaymentGateway {
  const duration = new Histogram({
    name: 'payment_gateway_call_duration_seconds',
    help: 'Payment gateway calls (retries included) by operation and outcome: ok, refused (no money moved), unknown (money may have moved)',
    labelNames: ['operation', 'outcome'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  if (gateway.circuitState !== undefined) {
    new Gauge({
      name: 'payment_gateway_circuit_state',
      help: 'Circuit breaker in front of the payment gateway: 0 closed, 1 half-open (probing), 2 open (calls refused at once), 3 isolated',
      registers: [registry],
      collect() {
        this.set(STATE_VALUES[gateway.circuitState ?? 'closed']);
      },
    });
  }
  const timed = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
    const end = duration.startTimer({ operation });
    try {
      const result = await call();
      end({ outcome: 'ok' });
      return result;
    } catch (error) {
      end({ outcome: outcomeOf(error) });
      throw error;
    }
  };
  return {
    charge: (request) => timed('charge', () => gateway.charge(request)),
    payout: (request) => timed('payout', () => gateway.payout(request)),
    refund: (request) => timed('refund', () => gateway.refund(request)),
  };
}

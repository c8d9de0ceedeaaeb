import { expect } from 'chai';
import { GatewayFailureError, GatewayTimeoutError, PaymentDeclinedError } from '../../../../src/domain/modules/financial/financial.errors';
import { Money } from '../../../../src/domain/modules/financial/money.value-object';
import { SandboxPaymentGateway } from '../../../../src/infra/adapters/payment/sandbox-payment.gateway';

describe('SandboxPaymentGateway', () => {
  const gateway = new SandboxPaymentGateway();
  const amount = Money.of(100n, 'BRL');

  for (const [token, error] of [
    ['tok_decline', PaymentDeclinedError],
    ['tok_error', GatewayFailureError],
    ['tok_timeout', GatewayTimeoutError],
  ] as const) {
    it(`${token} fails the same way for charges and payouts`, async () => {
      expect(await gateway.charge({ amount, source: token, idempotencyKey: 'k' }).catch((e: unknown) => e)).to.be.instanceOf(error);
      expect(await gateway.payout({ amount, destination: token, idempotencyKey: 'k' }).catch((e: unknown) => e)).to.be.instanceOf(error);
    });
  }

  it('anything else succeeds, and the same idempotency key always gets the same reference', async () => {
    const first = await gateway.charge({ amount, source: 'tok_visa', idempotencyKey: 'key-a' });
    const retried = await gateway.charge({ amount, source: 'tok_visa', idempotencyKey: 'key-a' });
    const other = await gateway.charge({ amount, source: 'tok_visa', idempotencyKey: 'key-b' });
    expect(first.reference).to.match(/^ch_sandbox_[0-9a-f]{24}$/);
    expect(retried).to.deep.equal(first);
    expect(other.reference).to.not.equal(first.reference);
    expect((await gateway.payout({ amount, destination: 'bank_1', idempotencyKey: 'key-a' })).reference).to.match(/^po_sandbox_/);
  });

  it('refunds a charge, answering the same reference to the same idempotency key', async () => {
    const { reference } = await gateway.charge({ amount, source: 'tok_visa', idempotencyKey: 'key-c' });
    const refund = await gateway.refund({ amount, chargeReference: reference, idempotencyKey: 'key-r' });
    expect(refund.reference).to.match(/^re_sandbox_[0-9a-f]{24}$/);
    expect(await gateway.refund({ amount, chargeReference: reference, idempotencyKey: 'key-r' })).to.deep.equal(refund);
  });

  for (const [source, error] of [
    ['tok_refund_decline', PaymentDeclinedError],
    ['tok_refund_error', GatewayFailureError],
    ['tok_refund_timeout', GatewayTimeoutError],
  ] as const) {
    it(`a charge from ${source} succeeds, and its refunds fail with ${error.name}`, async () => {
      const { reference } = await gateway.charge({ amount, source, idempotencyKey: 'key-d' });
      expect(reference).to.match(/^ch_sandbox_refund-[a-z]+_[0-9a-f]{24}$/);
      expect(await gateway.refund({ amount, chargeReference: reference, idempotencyKey: 'key-e' }).catch((e: unknown) => e)).to.be.instanceOf(error);
    });
  }
});

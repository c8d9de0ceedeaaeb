import { expect } from 'chai';
import {
  GatewayError,
  GatewayFailureError,
  GatewayTimeoutError,
  GatewayUnavailableError,
  PaymentDeclinedError,
} from '../../../../src/domain/modules/financial/financial.errors';
import { Money } from '../../../../src/domain/modules/financial/money.value-object';
import { HttpPaymentGateway, type HttpPaymentGatewayOptions } from '../../../../src/infra/adapters/payment/http-payment.gateway';
import { GatewayStandIn, succeeded } from '../../../helpers/gateway-stand-in';
import { logCapture } from '../../../helpers/log-capture';

const brl = (amount: bigint) => Money.of(amount, 'BRL');
const charge = (gateway: HttpPaymentGateway, key = 'key-1') => gateway.charge({ amount: brl(1_234n), source: 'tok_visa', idempotencyKey: key, description: 'top up' });

describe('HttpPaymentGateway (against a local stand-in)', () => {
  let standIn: GatewayStandIn;
  let baseUrl: string;
  const gatewayWith = (options: Partial<HttpPaymentGatewayOptions> = {}) =>
    new HttpPaymentGateway({ baseUrl, timeoutMs: 200, retries: 2, initialBackoffMs: 5, maxBackoffMs: 20, breakerThreshold: 50, ...options });

  beforeEach(async () => {
    standIn = new GatewayStandIn();
    baseUrl = await standIn.start();
  });
  afterEach(async () => {
    await standIn.stop();
  });

  it('charges: POST /charges with the amount in minor units and the idempotency key, answering the gateway’s id', async () => {
    const receipt = await charge(gatewayWith());
    expect(receipt).to.deep.equal({ reference: 'op_key-1' });
    expect(standIn.seen).to.deep.equal([
      { method: 'POST', path: '/charges', idempotencyKey: 'key-1', body: { amount: 1234, currency: 'BRL', source: 'tok_visa', description: 'top up' } },
    ]);
  });

  it('pays out: POST /payouts with the destination, under a base path', async () => {
    const gateway = new HttpPaymentGateway({ baseUrl: `${baseUrl}/v2`, timeoutMs: 200 });
    const receipt = await gateway.payout({ amount: brl(10n ** 12n), destination: 'bank_1', idempotencyKey: 'po-key' });
    expect(receipt.reference).to.equal('op_po-key');
    expect(standIn.seen[0]).to.deep.include({ path: '/v2/payouts', idempotencyKey: 'po-key' });
    expect(standIn.seen[0].body).to.deep.equal({ amount: 1_000_000_000_000, currency: 'BRL', destination: 'bank_1' });
  });

  it('refunds: POST /refunds naming the charge, with the same checks on the answer as any call', async () => {
    const gateway = gatewayWith();
    const receipt = await gateway.refund({ amount: brl(500n), chargeReference: 'ch_42', idempotencyKey: 're-key', description: 'returned' });
    expect(receipt.reference).to.equal('op_re-key');
    expect(standIn.seen).to.deep.equal([
      { method: 'POST', path: '/refunds', idempotencyKey: 're-key', body: { amount: 500, currency: 'BRL', charge: 'ch_42', description: 'returned' } },
    ]);
    standIn.reply = (request) => ({ status: 200, body: { ...succeeded(request), amount: 499 } });
    const mismatch = await gateway.refund({ amount: brl(500n), chargeReference: 'ch_42', idempotencyKey: 're-key' }).catch((e: unknown) => e);
    expect(mismatch).to.be.instanceOf(GatewayFailureError).and.have.property('outcomeUnknown', true);
    standIn.reply = () => ({ status: 402, body: {} });
    expect(await gateway.refund({ amount: brl(500n), chargeReference: 'ch_42', idempotencyKey: 're-key-2' }).catch((e: unknown) => e)).to.be.instanceOf(PaymentDeclinedError);
  });

  it('retries a refund that timed out with the same key, and answers 504 when every attempt is too slow', async () => {
    standIn.reply = (request) => ({ status: 200, body: succeeded(request), delayMs: 1_000 });
    const failure = await gatewayWith().refund({ amount: brl(5n), chargeReference: 'ch_1', idempotencyKey: 're-slow' }).catch((e: unknown) => e);
    expect(failure).to.be.instanceOf(GatewayTimeoutError);
    expect(standIn.seen.map((r) => r.idempotencyKey)).to.deep.equal(['re-slow', 're-slow', 're-slow']);
  });

  it('retries a failing charge with backoff, carrying the same downstream key and body each time', async () => {
    standIn.reply = (request, index) => (index < 2 ? { status: 503, body: { error: 'busy' } } : { status: 200, body: succeeded(request, 'ch_ok') });
    const receipt = await charge(gatewayWith());
    expect(receipt.reference).to.equal('ch_ok');
    expect(standIn.seen).to.have.length(3);
    expect(new Set(standIn.seen.map((r) => r.idempotencyKey))).to.deep.equal(new Set(['key-1']));
    expect(new Set(standIn.seen.map((r) => JSON.stringify(r.body))).size).to.equal(1);
  });

  it('retries a slow attempt, and succeeds when a later one answers in time', async () => {
    standIn.reply = (request, index) => ({ status: 200, body: succeeded(request, 'ch_late'), delayMs: index === 0 ? 1_000 : 0 });
    expect((await charge(gatewayWith())).reference).to.equal('ch_late');
    expect(standIn.seen).to.have.length(2);
    expect(standIn.seen[1].idempotencyKey).to.equal(standIn.seen[0].idempotencyKey);
  });

  it('times out (504) when every attempt is too slow, after the bounded number of attempts', async () => {
    standIn.reply = (request) => ({ status: 200, body: succeeded(request), delayMs: 1_000 });
    const started = Date.now();
    const failure = await charge(gatewayWith({ timeoutMs: 100 })).catch((e: unknown) => e);
    expect(failure).to.be.instanceOf(GatewayTimeoutError);
    expect(standIn.seen).to.have.length(3);
    expect(Date.now() - started).to.be.lessThan(900);
  });

  it('fails (502) when the gateway keeps answering 5xx', async () => {
    standIn.reply = () => ({ status: 500, body: { error: 'boom' } });
    expect(await charge(gatewayWith()).catch((e: unknown) => e)).to.be.instanceOf(GatewayFailureError);
    expect(standIn.seen).to.have.length(3);
  });

  it('declines (402) without retrying, whether by status code or by answer', async () => {
    standIn.reply = () => ({ status: 402, body: { error: 'card_declined' } });
    expect(await charge(gatewayWith()).catch((e: unknown) => e)).to.be.instanceOf(PaymentDeclinedError);
    expect(standIn.seen).to.have.length(1);
    standIn.reply = (request) => ({ status: 200, body: { ...succeeded(request), status: 'declined' } });
    expect(await charge(gatewayWith(), 'key-2').catch((e: unknown) => e)).to.be.instanceOf(PaymentDeclinedError);
    expect(standIn.seen).to.have.length(2);
  });

  it('does not retry a request the gateway refused as invalid (4xx): 502', async () => {
    standIn.reply = () => ({ status: 400, body: { error: 'bad request' } });
    expect(await charge(gatewayWith()).catch((e: unknown) => e)).to.be.instanceOf(GatewayFailureError);
    expect(standIn.seen).to.have.length(1);
  });

  describe('never trusts the answer', () => {
    const malformed: [string, (request: import('../../../helpers/gateway-stand-in').SeenRequest) => { status: number; body?: unknown; text?: string }][] = [
      ['a body that is not JSON', () => ({ status: 200, text: '<html>oops</html>' })],
      ['an empty body', () => ({ status: 200, text: '' })],
      ['no id', (r) => ({ status: 200, body: { status: 'succeeded', amount: r.body.amount, currency: r.body.currency } })],
      ['an id with odd characters', (r) => ({ status: 200, body: { ...succeeded(r), id: 'ch_1; drop table' } })],
      ['an unknown status', (r) => ({ status: 200, body: { ...succeeded(r), status: 'pending' } })],
      ['another amount', (r) => ({ status: 200, body: { ...succeeded(r), amount: 1 } })],
      ['the amount as a string', (r) => ({ status: 200, body: { ...succeeded(r), amount: '1234' } })],
      ['another currency', (r) => ({ status: 200, body: { ...succeeded(r), currency: 'USD' } })],
      ['an array', () => ({ status: 200, body: [] })],
      ['a huge body', (r) => ({ status: 200, body: { ...succeeded(r), padding: 'x'.repeat(70_000) } })],
    ];
    for (const [name, reply] of malformed) {
      it(`refuses ${name} (502), without retrying`, async () => {
        standIn.reply = reply;
        expect(await charge(gatewayWith()).catch((e: unknown) => e)).to.be.instanceOf(GatewayFailureError);
        expect(standIn.seen).to.have.length(1);
      });
    }

    it('tolerates extra fields', async () => {
      standIn.reply = (r) => ({ status: 200, body: { ...succeeded(r, 'ch_x'), fee: 3, livemode: false } });
      expect((await charge(gatewayWith())).reference).to.equal('ch_x');
    });
  });

  it('fails (502) when nothing listens, after retrying', async () => {
    await standIn.stop();
    const failure = await charge(gatewayWith()).catch((e: unknown) => e);
    expect(failure).to.be.instanceOf(GatewayFailureError);
  });

  describe('says whether money may have moved (outcomeUnknown)', () => {
    const outcome = async (gateway = gatewayWith()) => {
      const failure = await charge(gateway).catch((e: unknown) => e);
      expect(failure).to.be.instanceOf(GatewayError);
      return (failure as GatewayError).outcomeUnknown;
    };

    it('unknown after a timeout, a 500, or an unreadable answer: the gateway may have acted', async () => {
      standIn.reply = (request) => ({ status: 200, body: succeeded(request), delayMs: 1_000 });
      expect(await outcome(gatewayWith({ timeoutMs: 50, retries: 0 }))).to.equal(true);
      standIn.reply = () => ({ status: 500 });
      expect(await outcome()).to.equal(true);
      standIn.reply = () => ({ status: 200, text: 'not json' });
      expect(await outcome()).to.equal(true);
    });

    it('unknown when an earlier attempt timed out, even if the last one was told 503', async () => {
      standIn.reply = (request, index) => (index === 0 ? { status: 200, body: succeeded(request), delayMs: 1_000 } : { status: 503 });
      const failure = await charge(gatewayWith({ timeoutMs: 50 })).catch((e: unknown) => e);
      expect(failure).to.be.instanceOf(GatewayFailureError).and.have.property('outcomeUnknown', true);
    });

    it('unknown when an earlier attempt may have acted and a later one is refused (4xx): the refusal may be of the repeat, not of the payment', async () => {
      // A repeat of a key still being processed is refused (409) by idempotent gateways.
      standIn.reply = (request, index) => (index === 0 ? { status: 200, body: succeeded(request), delayMs: 1_000 } : { status: 409 });
      const afterTimeout = await charge(gatewayWith({ timeoutMs: 50 })).catch((e: unknown) => e);
      expect(afterTimeout).to.be.instanceOf(GatewayFailureError).and.have.property('outcomeUnknown', true);
      standIn.seen.length = 0;
      standIn.reply = (_request, index) => (index === 0 ? { status: 500 } : { status: 400 });
      const after500 = await charge(gatewayWith()).catch((e: unknown) => e);
      expect(after500).to.be.instanceOf(GatewayFailureError).and.have.property('outcomeUnknown', true);
      // A decline is the gateway's answer to the key itself: final, whatever came before.
      standIn.seen.length = 0;
      standIn.reply = (_request, index) => (index === 0 ? { status: 500 } : { status: 402 });
      expect(await outcome()).to.equal(false);
    });

    it('known (nothing moved) for a decline, a 4xx refusal, 503s, and a gateway nobody listens on', async () => {
      standIn.reply = () => ({ status: 402 });
      expect(await outcome()).to.equal(false);
      standIn.reply = () => ({ status: 400 });
      expect(await outcome()).to.equal(false);
      standIn.reply = () => ({ status: 503 });
      expect(await outcome()).to.equal(false);
      const nobody = new GatewayStandIn();
      const closedUrl = await nobody.start();
      await nobody.stop();
      expect(await outcome(new HttpPaymentGateway({ baseUrl: closedUrl, timeoutMs: 200, initialBackoffMs: 5 }))).to.equal(false);
    });

    it('known for an open circuit, unless an attempt of the same call was sent before it opened', async () => {
      standIn.reply = () => ({ status: 503 });
      const gateway = gatewayWith({ retries: 0, breakerThreshold: 1, halfOpenAfterMs: 60_000 });
      await charge(gateway).catch(() => undefined);
      const failure = await charge(gateway).catch((e: unknown) => e);
      expect(failure).to.be.instanceOf(GatewayUnavailableError).and.have.property('outcomeUnknown', false);

      standIn.reply = () => ({ status: 500 });
      const flaky = gatewayWith({ retries: 2, breakerThreshold: 1, halfOpenAfterMs: 60_000 });
      const afterSent = await charge(flaky).catch((e: unknown) => e);
      expect(afterSent).to.be.instanceOf(GatewayFailureError).and.have.property('outcomeUnknown', true);
    });
  });

  it('opens the circuit after consecutive failures: later calls fail fast (503) without reaching the gateway', async () => {
    standIn.reply = () => ({ status: 500 });
    const gateway = gatewayWith({ retries: 0, breakerThreshold: 2, halfOpenAfterMs: 60_000 });
    expect(await charge(gateway).catch((e: unknown) => e)).to.be.instanceOf(GatewayFailureError);
    expect(await charge(gateway).catch((e: unknown) => e)).to.be.instanceOf(GatewayFailureError);
    expect(standIn.seen).to.have.length(2);
    standIn.reply = (request) => ({ status: 200, body: succeeded(request) });
    expect(await charge(gateway).catch((e: unknown) => e)).to.be.instanceOf(GatewayUnavailableError);
    expect(standIn.seen).to.have.length(2);
  });

  it('closes the circuit again once a trial call succeeds', async () => {
    standIn.reply = (_request, index) => (index < 2 ? { status: 500 } : { status: 200, body: succeeded(_request, 'ch_back') });
    const gateway = gatewayWith({ retries: 0, breakerThreshold: 2, halfOpenAfterMs: 50 });
    await charge(gateway).catch(() => undefined);
    await charge(gateway).catch(() => undefined);
    expect(await charge(gateway).catch((e: unknown) => e)).to.be.instanceOf(GatewayUnavailableError);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await charge(gateway)).reference).to.equal('ch_back');
    expect((await charge(gateway)).reference).to.equal('ch_back');
  });

  it('logs the circuit opening and closing once each, not once per call refused while it is open', async () => {
    const { logger, lines } = logCapture();
    // Two failures open it; the first trial fails (re-opens it), the second succeeds.
    standIn.reply = (request, index) => (index < 3 ? { status: 500 } : { status: 200, body: succeeded(request, 'ch_back') });
    const gateway = gatewayWith({ retries: 0, breakerThreshold: 2, halfOpenAfterMs: 50, logger });
    const halfOpen = () => new Promise((resolve) => setTimeout(resolve, 80));
    for (let i = 0; i < 2; i++) await charge(gateway).catch(() => undefined);
    for (let i = 0; i < 20; i++) expect(await charge(gateway).catch((e: unknown) => e)).to.be.instanceOf(GatewayUnavailableError);
    await halfOpen();
    await charge(gateway).catch(() => undefined);
    for (let i = 0; i < 20; i++) await charge(gateway).catch(() => undefined);
    await halfOpen();
    expect((await charge(gateway)).reference).to.equal('ch_back');
    expect(standIn.seen).to.have.length(4);

    const messages = lines.map((line) => `${line.level} ${line.msg}`);
    expect(messages).to.deep.equal([
      '40 payment gateway call failed',
      // The second failure opens the circuit before its call is answered.
      '40 payment gateway unavailable: circuit open, calls fail fast',
      '40 payment gateway call failed',
      '40 payment gateway call failed',
      '30 payment gateway is back: circuit closed',
    ]);
  });
});

import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { RETRY_WINDOW_MS } from '../../../../src/domain/modules/webhook/webhook-retry.schedule';
import { useMigratedDatabase, usingPostgres } from '../../../helpers/database';
import { closedPort } from '../../../helpers/net';
import { type WebhookReceiver, useWebhookReceiver, webhookReceiver } from '../../../helpers/webhook-receiver';
import { T0, anEvent, webhookWorld } from './webhook-world';

const seconds = (ms: number) => new Date(T0.getTime() + ms * 1000);

/** The Standard Webhooks check, computed here from the scheme rather than by the code under test. */
function expectSigned(secret: string, received: WebhookReceiver['received'][number]): void {
  const id = received.headers['webhook-id'] as string;
  const timestamp = received.headers['webhook-timestamp'] as string;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${received.body}`).digest('base64');
  expect(received.headers['webhook-signature']).to.equal(`v1,${expected}`);
}

describe('webhook delivery worker', () => {
  const database = useMigratedDatabase();
  const webhooks = useWebhookReceiver();

  it('POSTs the event as JSON, signed, and records it delivered', async () => {
    const world = webhookWorld(database.db);
    const endpoint = await world.endpoint(webhooks.receiver.url);
    const event = anEvent('transaction.posted', { transactionId: 't-1', amount: 2_500 });
    await world.publish(event);

    expect(await world.worker().runOnce(T0)).to.equal(1);

    expect(webhooks.receiver.received).to.have.length(1);
    const [received] = webhooks.receiver.received;
    expect(received.headers['content-type']).to.equal('application/json');
    expect(received.headers['webhook-id']).to.equal(event.id);
    expect(received.headers['webhook-timestamp']).to.equal(String(T0.getTime() / 1000));
    expectSigned(endpoint.secret, received);
    expect(JSON.parse(received.body)).to.deep.equal({ id: event.id, type: 'transaction.posted', occurredAt: T0.toISOString(), position: event.position.toString(), data: { transactionId: 't-1', amount: 2_500 } });
    const [row] = await world.rows();
    expect([row.status, row.attempts, row.last_status_code, row.last_error]).to.deep.equal(['delivered', 1, 200, null]);
    expect(new Date(row.delivered_at)).to.deep.equal(T0);
    expect(world.metrics.outcomes).to.deep.equal(['delivered']);
    expect(world.metrics.pending).to.equal(0);
  });

  it('500, 500, then 200: three attempts 30 s then 60 s apart, the same id each time, then delivered', async () => {
    const world = webhookWorld(database.db);
    const endpoint = await world.endpoint(webhooks.receiver.url);
    webhooks.receiver.answer(500, 500);
    await world.publish(anEvent());
    const worker = world.worker();

    expect(await worker.runOnce(T0)).to.equal(1);
    let [row] = await world.rows();
    expect([row.status, row.attempts, row.last_status_code, row.last_error]).to.deep.equal(['pending', 1, 500, 'HTTP 500']);
    expect(new Date(row.next_attempt_at)).to.deep.equal(seconds(30));
    expect(await worker.runOnce(seconds(29)), 'not due yet').to.equal(0);

    expect(await worker.runOnce(seconds(30))).to.equal(1);
    [row] = await world.rows();
    expect(new Date(row.next_attempt_at), 'the delay doubled').to.deep.equal(seconds(30 + 60));

    expect(await worker.runOnce(seconds(90))).to.equal(1);
    [row] = await world.rows();
    expect([row.status, row.attempts, row.last_status_code]).to.deep.equal(['delivered', 3, 200]);
    expect(new Set(webhooks.receiver.received.map((r) => r.headers['webhook-id']))).to.have.property('size', 1);
    webhooks.receiver.received.forEach((received) => expectSigned(endpoint.secret, received));
    expect(world.metrics.outcomes).to.deep.equal(['retried', 'retried', 'delivered']);
  });

  it('an unreachable endpoint is retried with growing delays, and failed once 3 days have passed since the first attempt', async () => {
    const world = webhookWorld(database.db);
    await world.endpoint(`http://127.0.0.1:${await closedPort()}/hook`);
    await world.publish(anEvent());
    const worker = world.worker();
    const delays: number[] = [];
    let now = T0;
    for (let run = 0; run < 100; run++) {
      expect(await worker.runOnce(now)).to.equal(1);
      const [row] = await world.rows();
      if (row.status === 'failed') break;
      expect(row.last_error).to.equal('network error: ECONNREFUSED');
      delays.push((new Date(row.next_attempt_at).getTime() - now.getTime()) / 1000);
      now = new Date(row.next_attempt_at);
    }
    const [row] = await world.rows();
    expect([row.status, row.last_status_code, row.last_error]).to.deep.equal(['failed', null, 'network error: ECONNREFUSED']);
    expect(now.getTime() - T0.getTime(), 'the last attempt is at the end of the window').to.equal(RETRY_WINDOW_MS);
    expect(delays.slice(0, 5)).to.deep.equal([30, 60, 120, 240, 480]);
    expect(Math.max(...delays)).to.equal(6 * 3600);
    expect(row.attempts).to.equal(delays.length + 1);
    expect(world.metrics.outcomes.filter((o) => o === 'retried')).to.have.length(delays.length);
    expect(world.metrics.outcomes.at(-1)).to.equal('failed');
    expect(await worker.runOnce(seconds(RETRY_WINDOW_MS))).to.equal(0);
  });

  it("keeps an endpoint's order: a later event waits while an earlier one is pending, then follows it", async () => {
    const world = webhookWorld(database.db);
    const endpoint = await world.endpoint(webhooks.receiver.url);
    const other = await webhookReceiver();
    try {
      await world.endpoint(other.url);
      webhooks.receiver.answer(503);
      const [first, second] = [anEvent(), anEvent()];
      await world.publish(first, second);
      const worker = world.worker();

      expect(await worker.runOnce(T0), 'one per endpoint: the first event of each').to.equal(2);
      expect(await worker.runOnce(T0), 'the other endpoint goes on').to.equal(1);
      expect(other.received.map((r) => r.headers['webhook-id'])).to.deep.equal([first.id, second.id]);
      expect(await worker.runOnce(seconds(10)), 'the failed first one holds the second back').to.equal(0);
      expect(await worker.runOnce(seconds(30))).to.equal(1);
      expect(await worker.runOnce(seconds(30))).to.equal(1);
      expect(webhooks.receiver.received.map((r) => r.headers['webhook-id'])).to.deep.equal([first.id, first.id, second.id]);
      expect((await world.rows(endpoint.id)).map((row) => row.status)).to.deep.equal(['delivered', 'delivered']);
    } finally {
      await other.close();
    }
  });

  it('a delivery left by a worker that died mid-send is sent again once its lease has passed; the dead attempt records nothing', async () => {
    const world = webhookWorld(database.db);
    await world.endpoint(webhooks.receiver.url);
    await world.publish(anEvent());
    const [crashed] = await world.queue.claim(T0, 15_000, 10);
    const worker = world.worker();

    expect(await worker.runOnce(seconds(14)), 'leased').to.equal(0);
    expect(await worker.runOnce(seconds(15))).to.equal(1);
    expect(webhooks.receiver.received).to.have.length(1);
    const [row] = await world.rows();
    expect([row.status, row.attempts]).to.deep.equal(['delivered', 2]);
    expect(await world.queue.retryAt(crashed, seconds(60), 500, 'HTTP 500'), 'the stale attempt changes nothing').to.equal(false);
    expect((await world.rows())[0].status).to.equal('delivered');
  });

  it('sends nothing for a disabled endpoint', async () => {
    const world = webhookWorld(database.db);
    const endpoint = await world.endpoint(webhooks.receiver.url);
    await world.publish(anEvent());
    endpoint.disable();
    await world.endpoints.updateStatus(endpoint);
    expect(await world.worker().runOnce(T0)).to.equal(0);
    expect(webhooks.receiver.received).to.have.length(0);
  });

  it('start() runs in the background until stop(), which waits for the run in progress', async () => {
    const world = webhookWorld(database.db);
    await world.endpoint(webhooks.receiver.url);
    await world.publish(anEvent(), anEvent());
    const worker = world.worker();
    worker.start();
    worker.start();
    for (let waited = 0; webhooks.receiver.received.length < 2 && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    await worker.stop();
    expect(webhooks.receiver.received).to.have.length(2);
    expect((await world.rows()).map((row) => row.status)).to.deep.equal(['delivered', 'delivered']);
  });
});

(usingPostgres() ? describe : describe.skip)('webhook delivery workers side by side, on PostgreSQL (PGlite has one connection: no two claims ever overlap)', () => {
  const database = useMigratedDatabase();

  it('two workers draining one queue at once send each delivery exactly once, in order per endpoint', async () => {
    const receiver = await webhookReceiver();
    try {
      const world = webhookWorld(database.db);
      for (let i = 0; i < 8; i++) await world.endpoint(`${receiver.url}/${i}`);
      const events = Array.from({ length: 6 }, () => anEvent());
      await world.publish(...events);
      // Small batches, so that neither worker can take every endpoint's next delivery in one claim.
      const pending = async () => (await world.rows()).filter((row) => row.status === 'pending').length;
      const drain = async () => {
        const worker = world.worker({ batchSize: 3 });
        let sent = 0;
        while ((await pending()) > 0) sent += await worker.runOnce(T0);
        return sent;
      };
      const [a, b] = await Promise.all([drain(), drain()]);

      expect(a + b).to.equal(48);
      expect(a, 'both took part').to.be.greaterThan(0);
      expect(b, 'both took part').to.be.greaterThan(0);
      expect(receiver.received).to.have.length(48);
      const byEndpoint = new Map<string, string[]>();
      for (const { url, headers } of receiver.received) byEndpoint.set(url, [...(byEndpoint.get(url) ?? []), headers['webhook-id'] as string]);
      for (const ids of byEndpoint.values()) expect(ids).to.deep.equal(events.map((event) => event.id));
      expect((await world.rows()).every((row) => row.status === 'delivered' && row.attempts === 1)).to.equal(true);
    } finally {
      await receiver.close();
    }
  });
});

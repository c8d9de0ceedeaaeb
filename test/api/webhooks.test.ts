import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type Joi from 'joi';
import request from 'supertest';
import { deliveryPageResponse, registeredWebhookResponse, webhookPageResponse, webhookResponse } from '../../src/api/openapi/webhooks.openapi';
import { WEBHOOK_WORKER } from '../../src/config/modules/webhook.module';
import type { IEventSubscriber } from '../../src/domain/shared/events.port';
import { SHARED_TYPES } from '../../src/domain/shared/shared.types';
import type { IUnitOfWork } from '../../src/domain/shared/unit-of-work.port';
import type { WebhookDeliveryWorker } from '../../src/infra/services/webhook/webhook-delivery.worker';
import { useTestApp } from '../helpers/app';
import { expectProblem } from '../helpers/problem';
import { asService } from '../helpers/tokens';
import { storeAdmin, storeUser } from '../helpers/users';
import { webhookReceiver } from '../helpers/webhook-receiver';

/** As the OpenAPI test checks the other routes: every field documented, nothing more. */
function expectDocumented(schema: Joi.Schema, body: unknown): void {
  const { error } = schema.validate(body, { presence: 'required', allowUnknown: false });
  expect(error?.message, 'response does not match its documented schema').to.equal(undefined);
}

describe('webhook endpoints over HTTP', () => {
  const world = useTestApp();
  const http = () => request(world.app.http);
  let admin: string;
  before(async () => {
    admin = (await storeAdmin(world.app)).authorization;
  });
  const register = (authorization: string, body: unknown) => http().post('/v1/webhooks').set('Authorization', authorization).send(body as object);

  it('registers (201, Location, the secret once) and never shows the secret again', async () => {
    const res = await register(admin, { url: 'https://hooks.example.com/fincore', events: ['transaction.posted', '*'] });
    expect(res.status, res.text).to.equal(201);
    expect(res.headers.location).to.equal(`/v1/webhooks/${res.body.id}`);
    expect(res.body).to.include({ url: 'https://hooks.example.com/fincore', status: 'active' });
    expect(res.body.events).to.deep.equal(['transaction.posted', '*']);
    expect(res.body.secret).to.match(/^whsec_/);
    expect(res.body.createdBy).to.match(/^user:\d+$/);
    expectDocumented(registeredWebhookResponse, res.body);

    const read = await http().get(res.headers.location).set('Authorization', admin);
    expect(read.status).to.equal(200);
    expect(read.body).not.to.have.property('secret');
    expectDocumented(webhookResponse, read.body);
    expect(read.text).not.to.include(res.body.secret);
    const list = await http().get('/v1/webhooks').set('Authorization', admin);
    expect(list.status).to.equal(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).to.include(res.body.id);
    expect(list.text).not.to.include(res.body.secret);
    expectDocumented(webhookPageResponse, list.body);
  });

  it('pages the endpoints oldest first', async () => {
    for (let i = 0; i < 3; i++) expect((await register(admin, { url: `https://hooks.example.com/${i}`, events: ['*'] })).status).to.equal(201);
    const first = await http().get('/v1/webhooks?limit=2').set('Authorization', admin);
    expect(first.body.items).to.have.length(2);
    const second = await http().get(`/v1/webhooks?limit=100&cursor=${first.body.nextCursor}`).set('Authorization', admin);
    expect(second.body.nextCursor).to.equal(null);
    const ids = [...first.body.items, ...second.body.items].map((item: { id: string }) => item.id);
    expect(new Set(ids).size).to.equal(ids.length);
    expectProblem(await http().get('/v1/webhooks?cursor=bogus').set('Authorization', admin), 400, 'INVALID_CURSOR');
  });

  it('refuses bad input with 400 and changes nothing', async () => {
    const before = await world.app.db('webhook_endpoints').select('id');
    for (const body of [
      { url: 'https://hooks.example.com/x', events: [] },
      { url: 'https://hooks.example.com/x', events: ['ledger.posted'] },
      { url: 'https://hooks.example.com/x' },
      { url: `https://hooks.example.com/${'a'.repeat(2100)}`, events: ['*'] },
      { url: 'javascript:alert(1)', events: ['*'] },
      { url: 'https://hooks.example.com/x', events: ['*'], secret: 'mine' },
    ]) {
      expectProblem(await register(admin, body), 400, 'VALIDATION_FAILED');
    }
    expectProblem(await http().get('/v1/webhooks/not-a-uuid').set('Authorization', admin), 400, 'VALIDATION_FAILED');
    expectProblem(await http().get(`/v1/webhooks/${randomUUID()}/deliveries?status=sent`).set('Authorization', admin), 400, 'VALIDATION_FAILED');
    expect(await world.app.db('webhook_endpoints').select('id')).to.deep.equal(before);
  });

  it('admins and webhooks:admin only: customers and other scopes get 403, an unknown id 404', async () => {
    const customer = (await storeUser(world.app)).authorization;
    const created = await register(asService(world.app, 'webhooks:admin'), { url: 'https://hooks.example.com/svc', events: ['account.frozen'] });
    expect(created.status).to.equal(201);
    expect(created.body.createdBy).to.equal('service:test-service');
    for (const caller of [customer, asService(world.app, 'ledger:admin', 'accounts:read', 'payments:write')]) {
      expectProblem(await register(caller, { url: 'https://hooks.example.com/x', events: ['*'] }), 403, 'FORBIDDEN');
      expectProblem(await http().get('/v1/webhooks').set('Authorization', caller), 403, 'FORBIDDEN');
      expectProblem(await http().get(`/v1/webhooks/${created.body.id}`).set('Authorization', caller), 403, 'FORBIDDEN');
      expectProblem(await http().delete(`/v1/webhooks/${created.body.id}`).set('Authorization', caller), 403, 'FORBIDDEN');
      expectProblem(await http().get(`/v1/webhooks/${created.body.id}/deliveries`).set('Authorization', caller), 403, 'FORBIDDEN');
    }
    expectProblem(await http().get(`/v1/webhooks/${randomUUID()}`).set('Authorization', admin), 404, 'WEBHOOK_NOT_FOUND');
    expectProblem(await http().delete(`/v1/webhooks/${randomUUID()}`).set('Authorization', admin), 404, 'WEBHOOK_NOT_FOUND');
    expectProblem(await http().get(`/v1/webhooks/${randomUUID()}/deliveries`).set('Authorization', admin), 404, 'WEBHOOK_NOT_FOUND');
    expectProblem(await http().get('/v1/webhooks'), 401, 'UNAUTHENTICATED');
  });

  it("pages an endpoint's deliveries in delivery order", async () => {
    const created = await register(admin, { url: 'http://127.0.0.1:1/paged', events: ['user.deactivated'] });
    const uow = world.app.container.get<IUnitOfWork>(SHARED_TYPES.IUnitOfWork);
    const [fanOut] = world.app.container.getAll<IEventSubscriber>(SHARED_TYPES.IEventSubscriber);
    const events = [30n, 10n, 20n].map((position) => ({ id: randomUUID(), type: 'user.deactivated' as const, occurredAt: new Date(), position, data: { userId: 1 } }));
    await uow.transaction(() => fanOut.accept(events));
    const deliveries = `/v1/webhooks/${created.body.id}/deliveries`;
    const first = await http().get(`${deliveries}?limit=2`).set('Authorization', admin);
    expect(first.body.items.map((item: { position: string }) => item.position)).to.deep.equal(['10', '20']);
    const second = await http().get(`${deliveries}?limit=2&cursor=${first.body.nextCursor}`).set('Authorization', admin);
    expect(second.body.items.map((item: { position: string }) => item.position)).to.deep.equal(['30']);
    expect(second.body.nextCursor).to.equal(null);
    expectProblem(await http().get(`${deliveries}?cursor=${Buffer.from('{"p":"-1","i":"x"}').toString('base64url')}`).set('Authorization', admin), 400, 'INVALID_CURSOR');
    expect((await http().delete(`/v1/webhooks/${created.body.id}`).set('Authorization', admin)).status).to.equal(200);
  });

  it('delivers a published event, lists its delivery, and a disabled endpoint gets nothing more', async () => {
    // Only this test's endpoint: the others would be sent the event too.
    await world.app.db('webhook_deliveries').del();
    await world.app.db('webhook_endpoints').del();
    const receiver = await webhookReceiver();
    try {
      receiver.answer(500);
      const created = await register(admin, { url: receiver.url, events: ['transaction.posted'] });
      expect(created.status).to.equal(201);
      const subscribers = world.app.container.getAll<IEventSubscriber>(SHARED_TYPES.IEventSubscriber);
      const uow = world.app.container.get<IUnitOfWork>(SHARED_TYPES.IUnitOfWork);
      const event = { id: randomUUID(), type: 'transaction.posted' as const, occurredAt: new Date(), position: 7n, data: { amount: 10 } };
      await uow.transaction(async () => {
        for (const subscriber of subscribers) await subscriber.accept([event]);
      });
      const worker = world.app.container.get<WebhookDeliveryWorker>(WEBHOOK_WORKER);
      expect(await worker.runOnce()).to.equal(1);

      const deliveries = `/v1/webhooks/${created.body.id}/deliveries`;
      const pending = await http().get(`${deliveries}?status=pending`).set('Authorization', admin);
      expect(pending.status, pending.text).to.equal(200);
      expect(pending.body.items).to.have.length(1);
      expectDocumented(deliveryPageResponse, pending.body);
      expect(pending.body.items[0]).to.include({ eventId: event.id, eventType: 'transaction.posted', position: '7', status: 'pending', attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500', deliveredAt: null });
      expect(new Date(pending.body.items[0].nextAttemptAt).getTime()).to.be.greaterThan(Date.now() + 20_000);
      expect((await http().get(`${deliveries}?status=delivered`).set('Authorization', admin)).body.items).to.deep.equal([]);

      const disabled = await http().delete(`/v1/webhooks/${created.body.id}`).set('Authorization', admin);
      expect(disabled.status).to.equal(200);
      expect(disabled.body.status).to.equal('disabled');
      expect((await http().delete(`/v1/webhooks/${created.body.id}`).set('Authorization', admin)).body.status, 'again: no change').to.equal('disabled');
      const after = await http().get(deliveries).set('Authorization', admin);
      expect(after.body.items[0]).to.include({ status: 'failed', lastError: 'endpoint disabled', nextAttemptAt: null });
      expectDocumented(deliveryPageResponse, after.body);
      await uow.transaction(() => subscribers[0].accept([{ ...event, id: randomUUID(), position: 8n }]));
      expect((await http().get(deliveries).set('Authorization', admin)).body.items).to.have.length(1);
      expect(receiver.received).to.have.length(1);
    } finally {
      await receiver.close();
    }
  });
});

describe('webhook registration where private targets are not allowed (as in production)', () => {
  const world = useTestApp({ WEBHOOKS_ALLOW_PRIVATE: 'false' });

  it('refuses loopback, private and link-local targets with 422, and stores nothing', async () => {
    const admin = (await storeAdmin(world.app)).authorization;
    for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://10.0.0.1/hook', 'http://169.254.169.254/latest', 'http://[::1]/hook', 'http://[::ffff:127.0.0.1]/hook']) {
      const body = expectProblem(await request(world.app.http).post('/v1/webhooks').set('Authorization', admin).send({ url, events: ['*'] }), 422, 'WEBHOOK_URL_REFUSED');
      expect(body.detail).to.match(/non-public address/);
    }
    expect(await world.app.db('webhook_endpoints').select('id')).to.have.length(0);
  });
});

describe('the delivery worker of a started server', () => {
  const world = useTestApp({ WEBHOOK_WORKER_INTERVAL_MS: '100' });

  it('sends what is queued without being asked, until the app closes', async () => {
    const receiver = await webhookReceiver();
    try {
      const admin = (await storeAdmin(world.app)).authorization;
      const created = await request(world.app.http).post('/v1/webhooks').set('Authorization', admin).send({ url: receiver.url, events: ['*'] });
      expect(created.status).to.equal(201);
      world.app.startWorkers();
      const uow = world.app.container.get<IUnitOfWork>(SHARED_TYPES.IUnitOfWork);
      const [fanOut] = world.app.container.getAll<IEventSubscriber>(SHARED_TYPES.IEventSubscriber);
      await uow.transaction(() => fanOut.accept([{ id: randomUUID(), type: 'account.frozen', occurredAt: new Date(), position: 1n, data: {} }]));
      for (let waited = 0; receiver.received.length === 0 && waited < 5_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(receiver.received).to.have.length(1);
      const metrics = await request(world.app.http).get('/metrics');
      expect(metrics.text).to.include('webhook_deliveries_total{outcome="delivered"} 1');
    } finally {
      await receiver.close();
    }
  });
});

import { expect } from 'chai';
import { Registry } from 'prom-client';
import request from 'supertest';
import { metricsApp } from '../../../src/api/http/metrics';
import type { FincoreApp } from '../../../src/config/composition-root';
import { Bank, aKey, createBankApp } from '../financial/bank';
import { createTestApp } from '../../helpers/app';
import { storeAdmin } from '../../helpers/users';

/** The value of one sample of the /metrics text, 0 when the series does not exist yet. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.slice(0, l.indexOf('}')).includes(w)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('operator metrics on /metrics', () => {
  let app: FincoreApp;
  let bank: Bank;
  const scrape = async () => (await request(app.http).get('/metrics')).text;

  before(async () => {
    app = await createBankApp();
    bank = await new Bank(app).init();
  });
  after(() => app.close());

  it('an unauthenticated call to a money route carries its route template and its problem code', async () => {
    const res = await request(app.http).post('/v1/transfers').send({});
    expect(res.status).to.equal(401);
    const text = await scrape();
    expect(sample(text, 'http_request_duration_seconds_count', { method: 'POST', route: '/v1/transfers', status: '401' })).to.equal(1);
    expect(sample(text, 'http_problem_responses_total', { status: '401', code: JSON.parse(res.text).code })).to.be.at.least(1);
  });

  it('counts movements by outcome, money moved in minor units, gateway calls, replays and key conflicts', async () => {
    const alice = await bank.customer();
    const from = await bank.fundedAccount(alice, 5_000);
    const to = await bank.openAccount(alice);
    const key = aKey();
    expect((await bank.transfer(alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 1_200 }, key)).status).to.equal(201);
    const replay = await bank.transfer(alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 1_200 }, key);
    expect(replay.headers['idempotent-replayed']).to.equal('true');
    expect((await bank.transfer(alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 999 }, key)).status).to.equal(422);
    expect((await bank.transfer(alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 900_000 })).status).to.equal(422);

    const text = await scrape();
    expect(sample(text, 'ledger_movements_total', { type: 'deposit', outcome: 'posted' })).to.equal(1);
    expect(sample(text, 'ledger_movements_total', { type: 'transfer', outcome: 'posted' })).to.equal(1);
    expect(sample(text, 'ledger_movements_total', { type: 'transfer', outcome: 'INSUFFICIENT_FUNDS' })).to.equal(1);
    // The replay and the reused key moved nothing: no attempt of theirs is counted.
    expect(sample(text, 'ledger_movements_total', { type: 'transfer', outcome: 'error' })).to.equal(0);
    expect(sample(text, 'ledger_movement_amount_minor_units_total', { type: 'deposit', currency: 'BRL' })).to.equal(5_000);
    expect(sample(text, 'ledger_movement_amount_minor_units_total', { type: 'transfer', currency: 'BRL' })).to.equal(1_200);
    expect(sample(text, 'payment_gateway_call_duration_seconds_count', { operation: 'charge', outcome: 'ok' })).to.equal(1);
    expect(sample(text, 'idempotency_replays_total', { route: '/v1/transfers' })).to.equal(1);
    expect(sample(text, 'idempotency_conflicts_total', { code: 'IDEMPOTENCY_KEY_REUSED' })).to.equal(1);
  });

  it('counts cache reads as hits and misses by kind of key', async () => {
    const bob = await bank.customer();
    for (let i = 0; i < 3; i++) expect((await request(app.http).get(`/v1/users/${bob.cpf}`).set('Authorization', bank.admin.authorization)).status).to.equal(200);
    const text = await scrape();
    expect(sample(text, 'cache_reads_total', { kind: 'user', result: 'miss' })).to.be.at.least(1);
    expect(sample(text, 'cache_reads_total', { kind: 'user', result: 'hit' })).to.be.at.least(2);
  });
});

describe('rate-limit rejections and METRICS_PORT', () => {
  it('names the limiter that refused', async () => {
    const app = await createTestApp({ RATE_LIMIT_PER_MINUTE: '2' });
    try {
      const admin = await storeAdmin(app);
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await request(app.http).get(`/v1/users/${admin.cpf}`).set('Authorization', admin.authorization)).status);
      expect(statuses).to.include(429);
      expect(sample((await request(app.http).get('/metrics')).text, 'rate_limit_rejections_total', { limiter: 'api' })).to.be.at.least(1);
    } finally {
      await app.close();
    }
  });

  it('serves /metrics only on its own listener when METRICS_PORT is set', async () => {
    const app = await createTestApp({ METRICS_PORT: '39123' });
    try {
      expect(app.metricsHttp).to.not.equal(undefined);
      const onApi = await request(app.http).get('/metrics');
      expect(onApi.status).to.equal(404);
      expect(onApi.headers['content-type']).to.match(/^application\/problem\+json/);
      const onScrape = await request(app.metricsHttp!).get('/metrics');
      expect(onScrape.status).to.equal(200);
      expect(onScrape.text).to.contain('http_request_duration_seconds');
      expect((await request(app.metricsHttp!).get('/v1/users')).status).to.equal(404);
    } finally {
      await app.close();
    }
  });

  it('a collector that fails on the scrape listener answers a problem+json 500, not an HTML page', async () => {
    const registry = new Registry();
    registry.metrics = () => Promise.reject(new Error('collector broke'));
    const res = await request(metricsApp(registry)).get('/metrics');
    expect(res.status).to.equal(500);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(JSON.parse(res.text)).to.include({ code: 'INTERNAL_ERROR' });
    expect(res.text).to.not.include('collector broke');
  });
});

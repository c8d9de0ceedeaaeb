import { expect } from 'chai';
import express from 'express';
import http from 'node:http';
import request from 'supertest';
import { healthRouter } from '../../src/api/http/health';
import type { FincoreApp } from '../../src/config/composition-root';
import { createTestApp } from '../helpers/app';

describe('health endpoints', () => {
  let app: FincoreApp;
  before(async () => {
    app = await createTestApp();
  });
  after(async () => {
    await app.close();
  });

  for (const path of ['/health', '/health/live']) {
    it(`${path} passes without touching dependencies`, async () => {
      const res = await request(app.http).get(path);
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/^application\/health\+json/);
      expect(JSON.parse(res.text)).to.deep.equal({ status: 'pass' });
    });
  }

  it('/health/ready reports database and cache', async () => {
    const res = await request(app.http).get('/health/ready');
    expect(res.status).to.equal(200);
    const body = JSON.parse(res.text);
    expect(body.status).to.equal('pass');
    expect(body.checks.database[0].status).to.equal('pass');
    expect(body.checks.cache[0].status).to.equal('pass');
    expect(body.checks.rateLimitStore[0].status).to.equal('pass');
  });

  it('/health/ready fails with 503 from the first moment of shutdown', async () => {
    app.lifecycle.beginShutdown();
    const res = await request(app.http).get('/health/ready');
    expect(res.status).to.equal(503);
    expect(JSON.parse(res.text).status).to.equal('fail');
    expect(res.headers.connection).to.equal('close');
  });
});

describe('readiness with optional dependencies', () => {
  const failing = async () => {
    throw new Error('connect ECONNREFUSED 10.0.0.7:6379');
  };
  const passing = async () => undefined;

  function probe(database: () => Promise<void>, cache: () => Promise<void>, shuttingDown = false) {
    const app = express();
    app.use(
      healthRouter({
        checks: [
          { name: 'database', check: database },
          { name: 'cache', optional: true, check: cache },
        ],
        isShuttingDown: () => shuttingDown,
        checkTimeoutMs: 200,
      }),
    );
    return request(app).get('/health/ready');
  }

  it('an optional dependency down: 200 warn, the cause kept out of the answer', async () => {
    const res = await probe(passing, failing);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^application\/health\+json/);
    expect(JSON.parse(res.text)).to.deep.equal({ status: 'warn', checks: { database: [{ status: 'pass' }], cache: [{ status: 'warn', output: 'unavailable' }] } });
  });

  it('the database down: 503 fail, whatever the cache says', async () => {
    for (const cache of [passing, failing]) {
      const res = await probe(failing, cache);
      expect(res.status).to.equal(503);
      expect(JSON.parse(res.text).status).to.equal('fail');
      expect(JSON.parse(res.text).checks.database).to.deep.equal([{ status: 'fail', output: 'unavailable' }]);
    }
  });

  it('an optional dependency that hangs: warn after the check timeout', async () => {
    const res = await probe(passing, () => new Promise<void>(() => undefined));
    expect(res.status).to.equal(200);
    expect(JSON.parse(res.text).checks.cache).to.deep.equal([{ status: 'warn', output: 'timed out' }]);
  });

  it('draining: 503 even with the cache down', async () => {
    const res = await probe(passing, failing, true);
    expect(res.status).to.equal(503);
    expect(JSON.parse(res.text)).to.include({ status: 'fail', output: 'shutting down' });
  });

  it('shutdown beginning while the checks run: the 503 also closes the connection', async () => {
    // The request arrived before the signal, so no earlier middleware asked to close; the answer must.
    let shuttingDown = false;
    const app = express();
    app.use(
      healthRouter({
        checks: [{ name: 'database', check: async () => void (shuttingDown = true) }],
        isShuttingDown: () => shuttingDown,
        checkTimeoutMs: 200,
      }),
    );
    // A keep-alive client, as a balancer is: otherwise Node closes the connection whatever we say.
    const keepAlive = new http.Agent({ keepAlive: true });
    const res = await request(app).get('/health/ready').agent(keepAlive);
    keepAlive.destroy();
    expect(res.status).to.equal(503);
    expect(res.headers.connection).to.equal('close');
  });
});

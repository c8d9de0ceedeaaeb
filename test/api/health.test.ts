import { expect } from 'chai';
import request from 'supertest';
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
  });

  it('/health/ready fails with 503 from the first moment of shutdown', async () => {
    app.lifecycle.beginShutdown();
    const res = await request(app.http).get('/health/ready');
    expect(res.status).to.equal(503);
    expect(JSON.parse(res.text).status).to.equal('fail');
    expect(res.headers.connection).to.equal('close');
  });
});

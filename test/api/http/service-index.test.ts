import { expect } from 'chai';
import request from 'supertest';
import { serviceUrls } from '../../../src/api/http/service-index';
import type { FincoreApp } from '../../../src/config/composition-root';
import { createTestApp } from '../../helpers/app';

describe('GET / (service index)', () => {
  let app: FincoreApp;
  before(async () => {
    app = await createTestApp();
  });
  after(async () => {
    await app.close();
  });

  it('answers the name, version and links, without a token', async () => {
    const res = await request(app.http).get('/');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^application\/json/);
    expect(res.body).to.deep.equal({
      name: 'fincore',
      version: 'v1',
      links: { docs: '/docs/', openapi: '/openapi.json', health: '/health/live', readiness: '/health/ready', metrics: '/metrics', jwks: '/.well-known/jwks.json' },
    });
  });

  it('links only to paths that answer 200 (the docs, the document and the probes are real)', async () => {
    const { links } = (await request(app.http).get('/')).body as { links: Record<string, string> };
    for (const [name, path] of Object.entries(links)) {
      const res = await request(app.http).get(path);
      expect(res.status, `${name}: GET ${path}`).to.equal(200);
    }
  });

  it('is documented in the OpenAPI document', async () => {
    const document = (await request(app.http).get('/openapi.json')).body as { paths: Record<string, { get?: { operationId?: string } }> };
    expect(document.paths['/']?.get?.operationId).to.equal('serviceIndex');
  });
});

describe('serviceUrls (the start-up log line)', () => {
  it('names localhost for a wildcard listen address, so the printed URL can be opened', () => {
    expect(serviceUrls('0.0.0.0', 3000)).to.deep.equal({ api: 'http://localhost:3000', docs: 'http://localhost:3000/docs/', health: 'http://localhost:3000/health/ready' });
    expect(serviceUrls('::', 8080).api).to.equal('http://localhost:8080');
  });

  it('keeps a concrete host, bracketing an IPv6 address', () => {
    expect(serviceUrls('127.0.0.1', 3001).docs).to.equal('http://127.0.0.1:3001/docs/');
    expect(serviceUrls('::1', 3001).health).to.equal('http://[::1]:3001/health/ready');
  });
});

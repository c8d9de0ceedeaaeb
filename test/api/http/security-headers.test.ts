import { expect } from 'chai';
import request from 'supertest';
import type { FincoreApp } from '../../../src/config/composition-root';
import { createTestApp } from '../../helpers/app';

// helmet's default CSP asks browsers to upgrade every asset to https: over plain HTTP on any host
// but localhost, Swagger UI then loads nothing. The upgrade is asked for only over HTTPS.
describe('Content-Security-Policy', function () {
  this.timeout(60_000);
  let app: FincoreApp;

  before(async function () {
    this.timeout(60_000);
    app = await createTestApp({ TRUST_PROXY: '1' });
  });
  after(async () => app.close());

  it('does not ask for https upgrades on a request that came over plain HTTP', async () => {
    const res = await request(app.http).get('/docs/').set('Host', 'fincore.test:3000');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).to.include("default-src 'self'");
    expect(csp).not.to.include('upgrade-insecure-requests');
  });

  it('asks for https upgrades when the trusted proxy says the request came over HTTPS', async () => {
    const res = await request(app.http).get('/docs/').set('X-Forwarded-Proto', 'https');
    expect(String(res.headers['content-security-policy'])).to.include('upgrade-insecure-requests');
  });

  it('keeps the token entered under Authorize across reloads', async () => {
    const res = await request(app.http).get('/docs/swagger-ui-init.js');
    expect(res.text).to.include('"persistAuthorization": true');
  });
});

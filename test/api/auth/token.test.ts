import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import type { FincoreApp } from '../../../src/config/composition-root';
import { KnexDbContext } from '../../../src/infra/database/knex/knex-db-context';
import { KnexServiceClientRepository } from '../../../src/infra/database/knex/modules/auth/knex-service-client.repository';
import { type CreatedServiceClient, registerServiceClient } from '../../../src/infra/services/auth/service-client.registration';
import { createTestApp } from '../../helpers/app';

// Many logins from one address in a few seconds: lift the per-IP credential limit (rate-limit.test.ts covers it).
const GENEROUS_LIMITS = { RATE_LIMIT_PER_MINUTE: '100000' };

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

describe('POST /v1/auth/token (OAuth 2 client credentials)', () => {
  let app: FincoreApp;
  let client: CreatedServiceClient;

  const token = () => request(app.http).post('/v1/auth/token');
  const form = (fields: Record<string, string>) => token().type('form').send(fields);

  function expectOAuthError(res: request.Response, status: number, error: string) {
    expect(res.status, res.text).to.equal(status);
    expect(res.headers['content-type']).to.match(/^application\/json/);
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(Object.keys(res.body).sort()).to.deep.equal(['error', 'error_description']);
    expect(res.body.error).to.equal(error);
    // RFC 6749 section 5.2: printable ASCII without '"' and '\'.
    expect(res.body.error_description).to.match(/^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/);
    if (error === 'invalid_client') expect(res.headers['www-authenticate']).to.match(/^Basic realm="fincore"/);
  }

  before(async () => {
    app = await createTestApp(GENEROUS_LIMITS);
    const clients = new KnexServiceClientRepository(new KnexDbContext(app.db));
    client = await registerServiceClient(clients, { name: 'reports', scopes: 'users:read accounts:read', now: new Date() });
  });
  after(async () => {
    await app.close();
  });

  it('form body credentials: an OAuth 2 token response that is never cached', async () => {
    const res = await form({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret });
    expect(res.status).to.equal(200);
    expect(res.body).to.have.all.keys('access_token', 'token_type', 'expires_in', 'scope');
    expect(res.body).to.include({ token_type: 'Bearer', expires_in: 900, scope: 'users:read accounts:read' });
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.headers.pragma).to.equal('no-cache');
    const claims = jwt.decode(res.body.access_token) as jwt.JwtPayload;
    expect(claims).to.include({ sub: client.clientId, token_use: 'service', scope: 'users:read accounts:read' });
    expect((await request(app.http).get('/v1/users').set('Authorization', `Bearer ${res.body.access_token}`)).status).to.equal(200);
  });

  it('JSON body credentials', async () => {
    const res = await token().send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret });
    expect(res.status).to.equal(200);
  });

  it('HTTP Basic credentials (form-encoded, then base64)', async () => {
    const res = await form({ grant_type: 'client_credentials' }).set('Authorization', basic(client.clientId, client.clientSecret));
    expect(res.status).to.equal(200);
    expect(res.body.scope).to.equal('users:read accounts:read');
  });

  it('narrows the scope on request; the narrowed token cannot do more', async () => {
    const res = await form({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, scope: 'accounts:read' });
    expect(res.status).to.equal(200);
    expect(res.body.scope).to.equal('accounts:read');
    expect((await request(app.http).get('/v1/users').set('Authorization', `Bearer ${res.body.access_token}`)).status).to.equal(403);
  });

  it('a scope wider than the client own, an unknown scope or an empty scope is invalid_scope', async () => {
    for (const scope of ['users:read users:write', 'superuser', '']) {
      const res = await form({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, scope });
      expectOAuthError(res, 400, 'invalid_scope');
    }
  });

  it('a wrong secret, an unknown client and missing credentials are invalid_client (401, Basic challenge)', async () => {
    expectOAuthError(await form({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: 'wrong' }), 401, 'invalid_client');
    expectOAuthError(await form({ grant_type: 'client_credentials', client_id: 'svc_nobody', client_secret: client.clientSecret }), 401, 'invalid_client');
    expectOAuthError(await form({ grant_type: 'client_credentials', client_id: client.clientId }), 401, 'invalid_client');
    expectOAuthError(await form({ grant_type: 'client_credentials' }), 401, 'invalid_client');
    expectOAuthError(await form({ grant_type: 'client_credentials' }).set('Authorization', basic(client.clientId, 'wrong')), 401, 'invalid_client');
    expectOAuthError(await form({ grant_type: 'client_credentials' }).set('Authorization', 'Basic bm9jb2xvbg=='), 401, 'invalid_client');
  });

  it('an inactive client is invalid_client', async () => {
    const clients = new KnexServiceClientRepository(new KnexDbContext(app.db));
    const retired = await registerServiceClient(clients, { name: 'retired', scopes: 'users:read', now: new Date() });
    await app.db('service_clients').where({ client_id: retired.clientId }).update({ is_active: false });
    expectOAuthError(await form({ grant_type: 'client_credentials', client_id: retired.clientId, client_secret: retired.clientSecret }), 401, 'invalid_client');
  });

  it('credentials both in Basic and in the body are invalid_request', async () => {
    const res = await form({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }).set(
      'Authorization',
      basic(client.clientId, client.clientSecret),
    );
    expectOAuthError(res, 400, 'invalid_request');
  });

  it('a missing or repeated grant_type is invalid_request; another grant type is unsupported_grant_type', async () => {
    expectOAuthError(await form({ client_id: client.clientId, client_secret: client.clientSecret }), 400, 'invalid_request');
    expectOAuthError(await token().type('form').send(`grant_type=client_credentials&grant_type=password&client_id=${client.clientId}`), 400, 'invalid_request');
    expectOAuthError(await form({ grant_type: 'password', client_id: client.clientId, client_secret: client.clientSecret }), 400, 'unsupported_grant_type');
    expectOAuthError(await token().send({ grant_type: 42 }), 400, 'invalid_request');
  });

  it('unknown parameters are ignored, as RFC 6749 requires', async () => {
    const res = await form({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, audience: 'x' });
    expect(res.status).to.equal(200);
  });

  it('a body that is neither a form nor JSON is a 415 problem (outside OAuth)', async () => {
    const res = await token().set('Content-Type', 'text/plain').send('grant_type=client_credentials');
    expect(res.status).to.equal(415);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
  });

  it('the form body is accepted on this route only', async () => {
    const res = await request(app.http).post('/v1/auth/login').type('form').send({ cpf: '52998224725', password: 'x' });
    expect(res.status).to.equal(415);
  });
});

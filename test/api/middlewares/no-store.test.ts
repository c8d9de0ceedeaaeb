import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import type { FincoreApp } from '../../../src/config/composition-root';
import { createTestApp } from '../../helpers/app';
import { aCpf } from '../../helpers/cpf';
import { type StoredUser, storeUser } from '../../helpers/users';

/** Balances, statements, personal data and tokens: no cache between us and the client may keep them. */
function expectNotStored(res: request.Response, status: number): void {
  expect(res.status, res.text).to.equal(status);
  expect(res.headers['cache-control'], `${res.request.method} ${res.request.url}`).to.equal('no-store');
  expect(res.headers.pragma, 'HTTP/1.0 caches know only Pragma').to.equal('no-cache');
}

describe('Cache-Control: no-store on API responses', () => {
  let app: FincoreApp;
  let customer: StoredUser;
  const http = () => request(app.http);

  before(async () => {
    app = await createTestApp();
    customer = await storeUser(app);
  });
  after(async () => {
    await app.close();
  });

  it('200: a user record read by its owner', async () => {
    expectNotStored(await http().get(`/v1/users/${customer.cpf}`).set('Authorization', customer.authorization), 200);
  });

  it('201: an account opened, and an anonymous sign-up answering personal data', async () => {
    expectNotStored(await http().post('/v1/accounts').set('Authorization', customer.authorization).send({ currency: 'BRL' }), 201);
    const cpf = aCpf();
    expectNotStored(await http().post('/v1/users').send({ cpf, name: 'Clara Nunes', email: `clara.${cpf}@example.com` }), 201);
  });

  it('404: someone else\'s (or no) account, and an unknown /v1 route', async () => {
    expectNotStored(await http().get(`/v1/accounts/${randomUUID()}`).set('Authorization', customer.authorization), 404);
    expectNotStored(await http().get('/v1/nothing-here').set('Authorization', customer.authorization), 404);
  });

  it('401 problem: no token, and a token that does not verify', async () => {
    expectNotStored(await http().get('/v1/users'), 401);
    expectNotStored(await http().get(`/v1/users/${customer.cpf}`).set('Authorization', 'Bearer not-a-token'), 401);
  });

  it('the credential endpoints, refused inside the controller and before it', async () => {
    expectNotStored(await http().post('/v1/auth/token').type('form').send({ grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'wrong' }), 401);
    // Refused before the controller runs (415 from the body parser), so the controller's own headers are absent.
    expectNotStored(await http().post('/v1/auth/token').set('Content-Type', 'text/plain').send('grant_type=client_credentials'), 415);
    expectNotStored(await http().post('/v1/auth/login').send({ cpf: customer.cpf }), 400);
    expectNotStored(await http().post('/v1/auth/refresh').send({ refreshToken: 'x'.repeat(43) }), 401);
  });

  it('leaves the public, cacheable documents alone (JWKS keeps its max-age)', async () => {
    const jwks = await http().get('/.well-known/jwks.json');
    expect(jwks.status).to.equal(200);
    expect(jwks.headers['cache-control']).to.equal('public, max-age=300');
    expect(jwks.headers.pragma).to.equal(undefined);
  });
});

import { expect } from 'chai';
import request from 'supertest';
import type { FincoreApp } from '../../../src/config/composition-root';
import { createTestApp } from '../../helpers/app';
import { aCpf } from '../../helpers/cpf';
import { asUser } from '../../helpers/tokens';
import { type StoredUser, storeAdmin } from '../../helpers/users';

// Many logins from one address in a few seconds: lift the per-IP credential limit (rate-limit.test.ts covers it).
const GENEROUS_LIMITS = { RATE_LIMIT_PER_MINUTE: '100000' };

const PASSWORD = 'correct horse battery staple';

describe('POST /v1/auth/login, /refresh, /logout', () => {
  let app: FincoreApp;
  let admin: StoredUser;

  before(async () => {
    app = await createTestApp(GENEROUS_LIMITS);
    admin = await storeAdmin(app);
  });
  after(async () => {
    await app.close();
  });

  async function register(password: string | null = PASSWORD) {
    const cpf = aCpf();
    const res = await request(app.http)
      .post('/v1/users')
      .send({ cpf, name: 'Carla Dias', email: `c${cpf}@example.com`, ...(password === null ? {} : { password }) });
    expect(res.status).to.equal(201);
    return { cpf, id: res.body.id as number };
  }

  const login = (cpf: string, password: string) => request(app.http).post('/v1/auth/login').send({ cpf, password });

  it('logs in with CPF and password: a Bearer pair that is never cached', async () => {
    const { cpf, id } = await register();
    const res = await login(cpf, PASSWORD);
    expect(res.status).to.equal(200);
    expect(Object.keys(res.body).sort()).to.deep.equal(['accessToken', 'expiresIn', 'refreshToken', 'tokenType']);
    expect(res.body.tokenType).to.equal('Bearer');
    expect(res.body.expiresIn).to.equal(900);
    expect(res.headers['cache-control']).to.equal('no-store');
    const me = await request(app.http).get(`/v1/users/${cpf}`).set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(me.status).to.equal(200);
    expect(me.body.id).to.equal(id);
  });

  it('wrong password, unknown CPF, a user without password and an inactive user get the same 401', async () => {
    const { cpf } = await register();
    const noPassword = await register(null);
    const inactive = await register();
    expect((await request(app.http).post(`/v1/users/${inactive.cpf}/deactivate`).set('Authorization', asUser(app, inactive.id))).status).to.equal(200);
    const answers = await Promise.all([
      login(cpf, 'not the right password'),
      login(aCpf(), PASSWORD),
      login('111.444.777-00', PASSWORD),
      login(noPassword.cpf, PASSWORD),
      login(inactive.cpf, PASSWORD),
    ]);
    const shapes = answers.map((res) => ({
      status: res.status,
      type: res.headers['content-type'],
      challenge: res.headers['www-authenticate'],
      body: { ...res.body, requestId: undefined, instance: undefined },
    }));
    expect(shapes[0]).to.deep.equal({
      status: 401,
      type: 'application/problem+json; charset=utf-8',
      challenge: 'Bearer',
      body: { type: 'urn:fincore:problem:invalid-credentials', title: 'Invalid credentials', status: 401, detail: 'The CPF or password is incorrect', code: 'INVALID_CREDENTIALS', requestId: undefined, instance: undefined },
    });
    for (const shape of shapes) expect(shape).to.deep.equal(shapes[0]);
  });

  it('a malformed body is a 400', async () => {
    for (const body of [{}, { cpf: 'abc', password: 'x' }, { cpf: aCpf() }, { cpf: aCpf(), password: '' }, { cpf: aCpf(), password: PASSWORD, extra: 1 }]) {
      const res = await request(app.http).post('/v1/auth/login').send(body);
      expect(res.status, JSON.stringify(body)).to.equal(400);
      expect(res.body.code).to.equal('VALIDATION_FAILED');
    }
  });

  it('refresh answers a new pair; the old refresh token is spent', async () => {
    const { cpf } = await register();
    const first = (await login(cpf, PASSWORD)).body;
    const res = await request(app.http).post('/v1/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(res.status).to.equal(200);
    expect(res.body.tokenType).to.equal('Bearer');
    expect(res.body.refreshToken).to.not.equal(first.refreshToken);
    expect(res.headers['cache-control']).to.equal('no-store');
    // Presented again long after its rotation, not within the grace window (refresh-grace.test.ts).
    await app.db('refresh_tokens').whereNotNull('used_at').update({ used_at: new Date(Date.now() - 3_600_000) });
    const again = await request(app.http).post('/v1/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(again.status).to.equal(401);
    expect(again.body.code).to.equal('INVALID_REFRESH_TOKEN');
    expect(again.headers['www-authenticate']).to.equal('Bearer');
    // Reuse revoked the family: the successor is dead too.
    expect((await request(app.http).post('/v1/auth/refresh').send({ refreshToken: res.body.refreshToken })).status).to.equal(401);
  });

  it('logout answers 204, is idempotent, and the refresh token no longer works', async () => {
    const { cpf } = await register();
    const pair = (await login(cpf, PASSWORD)).body;
    for (let i = 0; i < 2; i++) {
      const res = await request(app.http).post('/v1/auth/logout').send({ refreshToken: pair.refreshToken });
      expect(res.status).to.equal(204);
      expect(res.text).to.equal('');
    }
    expect((await request(app.http).post('/v1/auth/logout').send({ refreshToken: 'unknown' })).status).to.equal(204);
    expect((await request(app.http).post('/v1/auth/refresh').send({ refreshToken: pair.refreshToken })).status).to.equal(401);
  });

  it('PATCH with a new password ends the sessions; the new password logs in', async () => {
    const { cpf, id } = await register();
    const pair = (await login(cpf, PASSWORD)).body;
    const patch = await request(app.http).patch(`/v1/users/${cpf}`).set('Authorization', asUser(app, id)).send({ password: 'a brand new passphrase', currentPassword: PASSWORD });
    expect(patch.status).to.equal(200);
    expect((await request(app.http).post('/v1/auth/refresh').send({ refreshToken: pair.refreshToken })).status).to.equal(401);
    expect((await login(cpf, PASSWORD)).status).to.equal(401);
    expect((await login(cpf, 'a brand new passphrase')).status).to.equal(200);
  });

  it('deactivation ends the sessions; reactivation does not bring them back', async () => {
    const { cpf, id } = await register();
    const pair = (await login(cpf, PASSWORD)).body;
    expect((await request(app.http).post(`/v1/users/${cpf}/deactivate`).set('Authorization', asUser(app, id))).status).to.equal(200);
    expect((await request(app.http).post('/v1/auth/refresh').send({ refreshToken: pair.refreshToken })).status).to.equal(401);
    expect((await request(app.http).post(`/v1/users/${cpf}/activate`).set('Authorization', admin.authorization)).status).to.equal(200);
    expect((await request(app.http).post('/v1/auth/refresh').send({ refreshToken: pair.refreshToken })).status).to.equal(401);
    expect((await login(cpf, PASSWORD)).status).to.equal(200);
  });

  it('an admin logs in with an admin token', async () => {
    const cpf = aCpf();
    const created = await request(app.http)
      .post('/v1/users')
      .set('Authorization', admin.authorization)
      .send({ cpf, name: 'Root Admin', email: `r${cpf}@example.com`, password: PASSWORD, role: 'admin' });
    expect(created.status).to.equal(201);
    const pair = (await login(cpf, PASSWORD)).body;
    const list = await request(app.http).get('/v1/users').set('Authorization', `Bearer ${pair.accessToken}`);
    expect(list.status).to.equal(200);
  });
});

import { expect } from 'chai';
import request from 'supertest';
import type { FincoreApp } from '../../../src/config/composition-root';
import { createTestApp } from '../../helpers/app';
import { aCpf } from '../../helpers/cpf';
import { usingPostgres } from '../../helpers/database';
import { storeAdmin } from '../../helpers/users';

const PASSWORD = 'correct horse battery staple';
/** The promise made to operators: a revocation reaches every instance within 5 seconds. */
const BOUND_MS = 5_000;

// Two instances need one shared database: PGlite is in-memory per app, so only PostgreSQL can run this.
(usingPostgres() ? describe : describe.skip)('session revocation across two instances (PostgreSQL + shared cache; skipped on PGlite: no shared database)', () => {
  let a: FincoreApp;
  let b: FincoreApp;

  before(async function () {
    this.timeout(60_000);
    const shared = { redisKeyPrefix: `fincore-test:${process.pid}:instances:` };
    a = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' }, shared);
    b = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' }, shared);
  });
  after(async () => {
    await a.close();
    await b.close();
  });

  it('a deactivation on one instance stops the user token on the other within 5 s', async function () {
    this.timeout(30_000);
    const admin = await storeAdmin(a);
    const cpf = aCpf();
    expect((await request(a.http).post('/v1/users').send({ cpf, name: 'Two Places', email: `t.${cpf}@example.com`, password: PASSWORD })).status).to.equal(201);
    const token = `Bearer ${(await request(a.http).post('/v1/auth/login').send({ cpf, password: PASSWORD })).body.accessToken}`;
    // B has just seen the token as valid: its memo and the shared cache hold the current version.
    expect((await request(b.http).get(`/v1/users/${cpf}`).set('Authorization', token)).status).to.equal(200);

    expect((await request(a.http).post(`/v1/users/${cpf}/deactivate`).set('Authorization', admin.authorization)).status).to.equal(200);
    const started = Date.now();
    let status = 200;
    while (status !== 401 && Date.now() - started < BOUND_MS) {
      status = (await request(b.http).get(`/v1/users/${cpf}`).set('Authorization', token)).status;
      if (status !== 401) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status, `still honoured on the other instance after ${Date.now() - started} ms`).to.equal(401);
  });
});

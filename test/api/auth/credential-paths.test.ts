import { expect } from 'chai';
import request from 'supertest';
import type { FincoreApp } from '../../../src/config/composition-root';
import { createTestApp } from '../../helpers/app';
import { aCpf } from '../../helpers/cpf';
import { storeAdmin } from '../../helpers/users';

const PASSWORD = 'the right password';

/** Spellings of `path` that a lax router, a proxy or a client library could take for the same route. */
function spellingsOf(path: string): string[] {
  const [, version, module, name] = path.split('/');
  return [
    `${path}/`,
    `${path}//`,
    `/${path}`,
    `/${version}//${module}/${name}`,
    `/${version}/${module}/./${name}`,
    `${path}/.`,
    `/${version}/${module}/x/../${name}`,
    `/${version}/${module}%2F${name}`,
    `${path}%2F`,
    `/${version}/${module}/${name.replace(/^./, (c) => `%${c.charCodeAt(0).toString(16)}`)}`,
    path.toUpperCase(),
    `/${version}/${module}/${name[0].toUpperCase()}${name.slice(1)}`,
  ];
}

/**
 * Every spelling of a credential route is either that route (and counted by its limits) or no
 * route at all: a trailing slash, a doubled slash, a dot segment, an encoded slash or other case
 * must never reach the login with its limits skipped.
 */
describe('credential routes: no other spelling escapes their limits', () => {
  describe('a locked (CPF, address) pair stays locked whatever the spelling', () => {
    let app: FincoreApp;
    before(async () => {
      // 20 credential requests a minute per address: the limits under test are the failed-login ones.
      app = await createTestApp({ RATE_LIMIT_PER_MINUTE: '400' });
    });
    after(async () => {
      await app.close();
    });

    it('after 10 failures no spelling logs in with the right password, and no spelling verifies a guess', async function () {
      this.timeout(60_000);
      const cpf = aCpf();
      expect((await request(app.http).post('/v1/users').send({ cpf, name: 'Vera Variant', email: `v.${cpf}@example.com`, password: PASSWORD })).status).to.equal(201);
      const failures = await Promise.all(Array.from({ length: 10 }, (_, i) => request(app.http).post('/v1/auth/login').send({ cpf, password: `guess number ${i}` })));
      expect(failures.map((res) => res.status)).to.deep.equal(Array(10).fill(401));

      for (const path of spellingsOf('/v1/auth/login')) {
        // Refused before any password is checked: no route, the limit, or (a path under /v1/ that
        // is not an anonymous one) no token; never a verdict on the password.
        for (const password of [PASSWORD, 'yet another guess']) {
          const res = await request(app.http).post(path).send({ cpf, password });
          expect(res.headers['content-type'], path).to.match(/^application\/problem\+json/);
          expect(res.body.code, `${path}: ${res.text}`).to.be.oneOf(['ROUTE_NOT_FOUND', 'RATE_LIMITED', 'UNAUTHENTICATED']);
        }
      }
      expect((await request(app.http).post('/v1/auth/login').send({ cpf, password: PASSWORD })).status).to.equal(429);
    });
  });

  describe('requests to any spelling of refresh, SSO, token and login count against the credential limit', () => {
    let app: FincoreApp;
    beforeEach(async () => {
      // 100 a minute in general gives the credential endpoints max(5, 100 / 20) = 5 per address.
      app = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100' });
    });
    afterEach(async () => {
      await app.close();
    });

    for (const route of ['/v1/auth/login', '/v1/auth/refresh', '/v1/auth/sso', '/v1/auth/token']) {
      it(`${route}: five other spellings use up the budget of the address`, async () => {
        // Spellings that pass authentication (a path that fails it is a failed authentication instead).
        const spellings = spellingsOf(route);
        for (const path of [spellings[0], spellings[2], spellings[4], spellings[8], spellings[10]]) {
          const res = await request(app.http).post(path).send({});
          expect(res.status, `${path}: ${res.text}`).to.not.equal(429);
        }
        const exact = await request(app.http).post(route).send({});
        expect(exact.status, exact.text).to.equal(429);
        expect(exact.headers['retry-after']).to.match(/^\d+$/);
      });
    }
  });

  describe('strict routing everywhere', () => {
    let app: FincoreApp;
    before(async () => {
      app = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    });
    after(async () => {
      await app.close();
    });

    it('a trailing slash is no route (404 problem), also for collections declared as "/"; the plain path works', async () => {
      const admin = (await storeAdmin(app)).authorization;
      for (const path of ['/v1/auth/login/', '/v1/auth/token/', '/v1/users/', '/v1/transfers/', '/v1/accounts/']) {
        const res = await request(app.http).post(path).set('Authorization', admin).send({});
        expect(res.status, path).to.equal(404);
        expect(res.body.code, path).to.equal('ROUTE_NOT_FOUND');
      }
      const cpf = aCpf();
      expect((await request(app.http).post('/v1/users').send({ cpf, name: 'Sara Strict', email: `s.${cpf}@example.com` })).status).to.equal(201);
    });
  });
});

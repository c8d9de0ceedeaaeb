import { expect } from 'chai';
import request from 'supertest';
import type { FincoreApp } from '../../../src/config/composition-root';
import { createTestApp } from '../../helpers/app';
import { aCpf } from '../../helpers/cpf';
import { storeAdmin } from '../../helpers/users';

/**
 * Rate limits through the whole app: the in-memory store by default, the Redis store when
 * TEST_REDIS_URL is set (createTestApp then points REDIS_URL at it).
 */
describe(`rate limiting (${process.env.TEST_REDIS_URL ? 'Redis' : 'in-memory'} store)`, () => {
  function expectLimited(res: request.Response) {
    expect(res.status, res.text).to.equal(429);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(res.body.code).to.equal('RATE_LIMITED');
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).to.be.a('number').within(1, 15 * 60);
  }

  describe('per principal, per IP when anonymous (RATE_LIMIT_PER_MINUTE=5)', () => {
    let app: FincoreApp;
    before(async () => {
      app = await createTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
    });
    after(async () => {
      await app.close();
    });

    it('the sixth request of a principal in a minute is a 429 problem with Retry-After; another principal goes on', async () => {
      const alice = (await storeAdmin(app)).authorization;
      for (let i = 0; i < 5; i++) {
        const res = await request(app.http).get('/v1/users').set('Authorization', alice);
        expect(res.status).to.equal(200);
        expect(res.headers.ratelimit).to.match(/limit=5, remaining=\d/);
      }
      expectLimited(await request(app.http).get('/v1/users').set('Authorization', alice));
      expect((await request(app.http).get('/v1/users').set('Authorization', (await storeAdmin(app)).authorization)).status).to.equal(200);
    });

    it('anonymous callers are counted per IP', async () => {
      const register = () => {
        const cpf = aCpf();
        return request(app.http).post('/v1/users').send({ cpf, name: 'Nina Anon', email: `n.${cpf}@example.com` });
      };
      for (let i = 0; i < 5; i++) expect((await register()).status).to.equal(201);
      expectLimited(await register());
    });

    it('health, metrics, docs and JWKS are never limited', async () => {
      for (let i = 0; i < 12; i++) {
        for (const path of ['/health', '/health/live', '/health/ready', '/metrics', '/openapi.json', '/.well-known/jwks.json']) {
          expect((await request(app.http).get(path)).status, path).to.equal(200);
        }
      }
    });
  });

  describe('credential endpoints: a stricter limit per IP, shared by login, refresh, SSO and token', () => {
    let app: FincoreApp;
    before(async () => {
      // 100 a minute in general gives the credential endpoints max(5, 100 / 20) = 5.
      app = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100' });
    });
    after(async () => {
      await app.close();
    });

    it('the sixth credential request in a minute is refused, whichever endpoint; other routes go on', async () => {
      const calls = [
        () => request(app.http).post('/v1/auth/login').send({ cpf: aCpf(), password: 'whatever it is' }),
        () => request(app.http).post('/v1/auth/refresh').send({ refreshToken: 'nope' }),
        () => request(app.http).post('/v1/auth/sso').send({ idToken: 'a.b.c' }),
        () => request(app.http).post('/v1/auth/token').type('form').send({ grant_type: 'client_credentials' }),
        () => request(app.http).post('/v1/auth/login').send({ cpf: aCpf(), password: 'whatever it is' }),
      ];
      for (const call of calls) expect((await call()).status).to.not.equal(429);
      expectLimited(await request(app.http).post('/v1/auth/token').type('form').send({ grant_type: 'client_credentials' }));
      expectLimited(await request(app.http).post('/v1/auth/login').send({ cpf: aCpf(), password: 'whatever it is' }));
      expect((await request(app.http).get('/v1/users').set('Authorization', (await storeAdmin(app)).authorization)).status).to.equal(200);
    });
  });

  describe('anonymous sign-up: the credential limit per address (it costs a password hash)', () => {
    let app: FincoreApp;
    before(async () => {
      // 100 a minute in general gives the credential endpoints max(5, 100 / 20) = 5 per address.
      app = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100' });
    });
    after(async () => {
      await app.close();
    });

    const register = (authorization?: string) => {
      const cpf = aCpf();
      const req = request(app.http).post('/v1/users');
      if (authorization) req.set('Authorization', authorization);
      return req.send({ cpf, name: 'Nina Anon', email: `n.${cpf}@example.com`, password: 'a password of some length' });
    };

    it('the sixth anonymous sign-up in a minute is refused, and so is a login from that address; an admin creating users is not limited by it', async () => {
      for (let i = 0; i < 5; i++) expect((await register()).status).to.equal(201);
      expectLimited(await register());
      expectLimited(await request(app.http).post('/v1/auth/login').send({ cpf: aCpf(), password: 'whatever it is' }));
      const admin = await storeAdmin(app);
      for (let i = 0; i < 6; i++) expect((await register(admin.authorization)).status).to.equal(201);
    });
  });

  describe('IPv6 clients are counted per /64 network', () => {
    it('addresses of one /64 share the credential budget; the next /64 and IPv4 addresses have their own', async () => {
      const app = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100', TRUST_PROXY: '1' });
      try {
        const tryLogin = (ip: string) => request(app.http).post('/v1/auth/login').set('X-Forwarded-For', ip).send({ cpf: aCpf(), password: 'whatever it is' });
        const oneNetwork = ['2001:db8:1:2::1', '2001:db8:1:2:a:b:c:d', '2001:db8:1:2:ffff:ffff:ffff:fffe', '2001:db8:1:2::5', '2001:db8:1:2:9:8:7:6'];
        for (const ip of oneNetwork) expect((await tryLogin(ip)).status, ip).to.equal(401);
        expectLimited(await tryLogin('2001:db8:1:2:dead:beef:0:1'));
        expect((await tryLogin('2001:db8:1:3::1')).status).to.equal(401);
        expect((await tryLogin('203.0.113.9')).status).to.equal(401);
        expect((await tryLogin('203.0.113.10')).status).to.equal(401);
      } finally {
        await app.close();
      }
    });
  });

  describe('behind a proxy', () => {
    it('without TRUST_PROXY a client cannot dodge the limit with X-Forwarded-For', async () => {
      const app = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100' });
      try {
        const tryLogin = (i: number) => request(app.http).post('/v1/auth/login').set('X-Forwarded-For', `203.0.113.${i}`).send({ cpf: aCpf(), password: 'whatever it is' });
        for (let i = 0; i < 5; i++) expect((await tryLogin(i)).status).to.equal(401);
        expectLimited(await tryLogin(99));
      } finally {
        await app.close();
      }
    });

    it('with TRUST_PROXY=1 the address the proxy forwards is the one counted', async () => {
      const app = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100', TRUST_PROXY: '1' });
      try {
        const tryLogin = (ip: string) => request(app.http).post('/v1/auth/login').set('X-Forwarded-For', ip).send({ cpf: aCpf(), password: 'whatever it is' });
        for (let i = 0; i < 5; i++) expect((await tryLogin('203.0.113.7')).status).to.equal(401);
        expectLimited(await tryLogin('203.0.113.7'));
        expect((await tryLogin('198.51.100.8')).status).to.equal(401);
      } finally {
        await app.close();
      }
    });
  });
});

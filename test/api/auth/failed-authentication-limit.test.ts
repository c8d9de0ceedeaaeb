import { generateKeyPairSync } from 'node:crypto';
import type { RequestListener } from 'node:http';
import { expect } from 'chai';
import request from 'supertest';
import type { FincoreApp } from '../../../src/config/composition-root';
import { createTestApp } from '../../helpers/app';
import { burst } from '../../helpers/burst';
import { accessClaims, forgeJwt, rs256, testSigningKey } from '../../helpers/jwt-forge';
import { storeUser } from '../../helpers/users';

/** Our kid and claims, signed by another key: it parses, and fails only its signature check. */
const forgedToken = () => forgeJwt({ alg: 'RS256', typ: 'JWT', kid: testSigningKey().kid }, accessClaims({ role: 'admin' }), rs256(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey));

/**
 * The limit on failed authentications per address: bad tokens cost their sender, never the valid
 * callers that share the address (behind a proxy, possibly every caller).
 */
describe(`failed authentications per address (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  describe('RATE_LIMIT_PER_MINUTE=100: 10 failed authentications a minute', () => {
    let app: FincoreApp;
    before(async function () {
      this.timeout(60_000);
      app = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100' });
    });
    after(async () => {
      await app.close();
    });

    it('after 10 bad tokens the next one gets 429 instead of 401, while a valid token from the same address still passes', async () => {
      const user = await storeUser(app, 'admin');
      for (let i = 0; i < 10; i++) expect((await request(app.http).get('/v1/users').set('Authorization', 'Bearer garbage')).status).to.equal(401);
      const limited = await request(app.http).get('/v1/users').set('Authorization', 'Bearer garbage');
      expect(limited.status).to.equal(429);
      expect(limited.body.code).to.equal('RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).to.be.within(1, 60);
      // A well-formed token that fails its signature check is refused the same way once over the limit.
      expect((await request(app.http).get('/v1/users').set('Authorization', `Bearer ${forgedToken()}`)).status).to.equal(429);

      const valid = await request(app.http).get(`/v1/users/${user.cpf}`).set('Authorization', user.authorization);
      expect(valid.status, valid.text).to.equal(200);
      expect((await request(app.http).get('/v1/users').set('Authorization', user.authorization)).status).to.equal(200);
    });
  });

  describe('default limits (60 failed authentications a minute)', () => {
    let app: FincoreApp;
    beforeEach(async function () {
      this.timeout(60_000);
      app = await createTestApp();
    });
    afterEach(async () => {
      await app.close();
    });

    it('61 requests with "Bearer garbage", then a valid token from the same address: 200', async () => {
      const user = await storeUser(app);
      const statuses: number[] = [];
      for (let i = 0; i < 61; i++) statuses.push((await request(app.http).get(`/v1/users/${user.cpf}`).set('Authorization', 'Bearer garbage')).status);
      expect(statuses.slice(0, 60)).to.deep.equal(Array(60).fill(401));
      expect(statuses[60]).to.equal(429);
      expect((await request(app.http).get(`/v1/users/${user.cpf}`).set('Authorization', user.authorization)).status).to.equal(200);
    });

    it('150 valid requests held in flight together from one address all pass: requests in flight are not failures', async function () {
      this.timeout(60_000);
      const admin = await storeUser(app, 'admin');
      // The users table is locked while the burst arrives, so every request is held in flight (waiting
      // for the database) until all of them are in; then the lock goes and they all finish.
      const lock = await app.db.transaction();
      await lock.raw('LOCK TABLE users IN ACCESS EXCLUSIVE MODE');
      let arrived = 0;
      const counted: RequestListener = (req, res) => {
        arrived++;
        app.http(req, res);
      };
      const answers = burst(counted, 150, { method: 'GET', path: '/v1/users?limit=100', headers: { Authorization: admin.authorization } });
      for (let waited = 0; arrived < 150 && waited < 20_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await lock.commit();
      const statuses = await answers;
      expect(arrived).to.equal(150);
      expect(statuses.filter((status) => status === 429), 'answered 429').to.have.length(0);
      expect(statuses.every((status) => status === 200), statuses.join(',')).to.equal(true);
    });
  });
});

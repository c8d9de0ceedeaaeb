import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import express, { type Application } from 'express';
import type { Store } from 'express-rate-limit';
import pino from 'pino';
import sinon from 'sinon';
import request from 'supertest';
import { errorHandler } from '../../../src/api/middlewares/error-handler';
import { type RateLimitOptions, rateLimitGuards } from '../../../src/api/middlewares/rate-limit';
import { clientAddress } from '../../../src/api/middlewares/rate-limit-keys';
import { redisRateLimitStore } from '../../../src/infra/cache/redis-rate-limit.store';
import { type RedisClient, createRedisClient } from '../../../src/infra/cache/redis.client';
import { RedisConnection } from '../../../src/infra/cache/redis.connection';

const logger = pino({ level: 'silent' });

const GENEROUS: RateLimitOptions = {
  perMinute: 1000,
  credentialsPerMinute: 1000,
  failedLoginsPerPair: 1000,
  failedLoginsPerAddress: 1000,
  failedAuthenticationsPerMinute: 1000,
  loginDelay: { afterFailures: 1000, firstDelayMs: 1, maxDelayMs: 1 },
  logger,
};

/**
 * One "instance": the guards in front of a login that accepts one password and a plain route.
 * Its routing is Express' lax default (any case, optional trailing slash), so that spellings the
 * real app does not route still reach this login: the guards must count them all the same.
 * X-Forwarded-For names the client address.
 */
function instance(options: Partial<RateLimitOptions>): Application {
  const app = express();
  app.set('trust proxy', 1);
  app.use(express.json());
  app.use((req, res, next) => {
    const who = req.get('X-Test-Principal');
    if (who) res.locals.principalId = who;
    next();
  });
  app.use(rateLimitGuards({ ...GENEROUS, ...options }));
  app.post('/v1/auth/login', (req, res) => {
    res.status(req.body.password === 'right' ? 200 : 401).json({});
  });
  app.get('/v1/things', (_req, res) => {
    res.json({});
  });
  app.use(errorHandler);
  return app;
}

const login = (app: Application, cpf: string, password: string, from = '203.0.113.1', path = '/v1/auth/login') =>
  request(app).post(path).set('X-Forwarded-For', from).send({ cpf, password });

async function timedLogin(app: Application, cpf: string, password: string, from?: string) {
  const started = Date.now();
  const res = await login(app, cpf, password, from);
  return { status: res.status, ms: Date.now() - started };
}

function behavesAsALimiter(storeFor: () => ((name: string) => Store) | undefined) {
  it('refuses a (CPF, address) pair after its failures (punctuation ignored); that CPF from elsewhere and successes go through', async () => {
    const app = instance({ failedLoginsPerPair: 3, store: storeFor() });
    for (let i = 0; i < 5; i++) expect((await login(app, '52998224725', 'right')).status).to.equal(200);
    for (let i = 0; i < 3; i++) expect((await login(app, '529.982.247-25', 'wrong')).status).to.equal(401);
    const locked = await login(app, '52998224725', 'right');
    expect(locked.status).to.equal(429);
    expect(Number(locked.headers['retry-after'])).to.be.within(1, 900);
    expect((await login(app, '52998224725', 'right', '198.51.100.7')).status).to.equal(200);
    expect((await login(app, '11144477735', 'right')).status).to.equal(200);
  });

  it('counts failed logins per address across CPFs', async () => {
    const app = instance({ failedLoginsPerAddress: 4, store: storeFor() });
    for (let i = 0; i < 4; i++) expect((await login(app, `1114447773${i}`, 'wrong')).status).to.equal(401);
    expect((await login(app, '52998224725', 'right')).status).to.equal(429);
    expect((await login(app, '52998224725', 'right', '198.51.100.7')).status).to.equal(200);
  });

  it('slows every login of a CPF down once it has failed enough, doubling up to the maximum, from any address', async () => {
    const app = instance({ loginDelay: { afterFailures: 2, firstDelayMs: 100, maxDelayMs: 300 }, store: storeFor() });
    for (let i = 0; i < 2; i++) expect((await login(app, '52998224725', 'wrong', `203.0.113.${10 + i}`)).status).to.equal(401);
    expect((await timedLogin(app, '52998224725', 'wrong', '203.0.113.12')).ms).to.be.at.least(95);
    expect((await timedLogin(app, '52998224725', 'wrong', '203.0.113.13')).ms, 'doubled').to.be.at.least(195);
    expect((await timedLogin(app, '52998224725', 'wrong', '203.0.113.14')).ms, 'at the maximum').to.be.at.least(295);
    const owner = await timedLogin(app, '52998224725', 'right', '198.51.100.7');
    expect(owner.status, 'slowed down, never refused').to.equal(200);
    expect(owner.ms, 'at most the maximum (800 ms unbounded)').to.be.at.least(295).and.below(800);
    expect((await timedLogin(app, '11144477735', 'wrong')).ms, 'another CPF is not slowed down').to.be.below(300);
  });

  it('counts requests per principal, and anonymous ones per address', async () => {
    const app = instance({ perMinute: 2, store: storeFor() });
    const as = (who?: string) => (who ? request(app).get('/v1/things').set('X-Test-Principal', who) : request(app).get('/v1/things'));
    expect((await as('user:1')).status).to.equal(200);
    expect((await as('user:1')).status).to.equal(200);
    expect((await as('user:1')).status).to.equal(429);
    expect((await as('service:x')).status).to.equal(200);
    expect((await as()).status).to.equal(200);
  });

  it('counts every spelling of the login that a lax router lets through', async () => {
    const app = instance({ failedLoginsPerPair: 3, credentialsPerMinute: 5, store: storeFor() });
    for (const path of ['/v1/auth/login/', '/V1/AUTH/LOGIN', '/v1/Auth/Login/']) expect((await login(app, '52998224725', 'wrong', undefined, path)).status, path).to.equal(401);
    expect((await login(app, '52998224725', 'right')).status, 'the pair is locked').to.equal(429);
    expect((await login(app, '11144477735', 'right', undefined, '/V1/auth/login')).status).to.equal(200);
    expect((await login(app, '11144477735', 'right', undefined, '/v1/auth/login/')).status, 'the credential limit').to.equal(429);
  });
}

describe('rate-limit guards', () => {
  it('keys IPv6 clients by their /64; IPv4 addresses, also IPv4-mapped ones, stay themselves', () => {
    expect(clientAddress('2001:db8:1:2::1')).to.equal(clientAddress('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(clientAddress('2001:db8:1:2:a:b:c:d')).to.equal('2001:db8:1:2::/64');
    expect(clientAddress('2001:db8:1:3::1')).to.not.equal(clientAddress('2001:db8:1:2::1'));
    expect(clientAddress('203.0.113.9')).to.equal('203.0.113.9');
    expect(clientAddress('::ffff:203.0.113.9')).to.equal('203.0.113.9');
    expect(clientAddress('203.0.113.10')).to.not.equal(clientAddress('203.0.113.9'));
  });

  describe('in-memory store', () => {
    behavesAsALimiter(() => undefined);

    it('each instance counts alone (why production uses Redis)', async () => {
      const [a, b] = [instance({ perMinute: 1 }), instance({ perMinute: 1 })];
      expect((await request(a).get('/v1/things')).status).to.equal(200);
      expect((await request(b).get('/v1/things')).status).to.equal(200);
    });
  });

  describe('Redis store (skipped unless TEST_REDIS_URL is set)', function () {
    const url = process.env.TEST_REDIS_URL;
    let client: RedisClient;
    let redis: RedisConnection;
    let prefix: string;

    before(async function () {
      if (!url) this.skip();
      client = createRedisClient(url!, logger);
      redis = new RedisConnection(client, logger);
      for (let i = 0; i < 50 && !client.isReady; i++) await new Promise((r) => setTimeout(r, 20));
    });
    beforeEach(() => {
      prefix = `fincore-test:rl:${randomUUID()}:`;
    });
    afterEach(async () => {
      if (!client) return;
      for await (const batch of client.scanIterator({ MATCH: `${prefix}*` })) {
        const keys = ([] as string[]).concat(batch);
        if (keys.length) await client.del(keys);
      }
    });
    after(async () => {
      if (client?.isOpen) client.destroy();
    });

    behavesAsALimiter(() => (name) => redisRateLimitStore(redis, `${prefix}${name}:`));

    it('a store made while Redis is still connecting counts once Redis is up', async () => {
      const connecting = createRedisClient(url!, logger);
      const quiet = sinon.stub(console, 'error');
      try {
        const app = instance({ perMinute: 2, store: (name) => redisRateLimitStore(new RedisConnection(connecting, logger), `${prefix}${name}:`) });
        for (let i = 0; i < 50 && !connecting.isReady; i++) await new Promise((r) => setTimeout(r, 20));
        expect(connecting.isReady).to.equal(true);
        expect((await request(app).get('/v1/things')).status).to.equal(200);
        expect((await request(app).get('/v1/things')).status).to.equal(200);
        expect((await request(app).get('/v1/things')).status).to.equal(429);
      } finally {
        quiet.restore();
        connecting.destroy();
      }
    });

    it('instances sharing Redis share the counters', async () => {
      const store = (name: string) => redisRateLimitStore(redis, `${prefix}${name}:`);
      const [a, b] = [instance({ perMinute: 2, store }), instance({ perMinute: 2, store })];
      expect((await request(a).get('/v1/things')).status).to.equal(200);
      expect((await request(b).get('/v1/things')).status).to.equal(200);
      expect((await request(a).get('/v1/things')).status).to.equal(429);
      expect((await request(b).get('/v1/things')).status).to.equal(429);
      const keys: string[] = [];
      for await (const batch of client.scanIterator({ MATCH: `${prefix}*` })) keys.push(...([] as string[]).concat(batch));
      expect(keys).to.have.length(1);
      expect(keys[0]).to.match(new RegExp(`^${prefix}api:ip:[0-9a-f:./]+$`));
    });
  });

  it('an unreachable Redis lets requests through instead of failing or hanging them', async () => {
    const down = createRedisClient('redis://127.0.0.1:9', logger);
    const quiet = sinon.stub(console, 'error');
    try {
      const redis = new RedisConnection(down, logger);
      const app = instance({ perMinute: 1, store: (name) => redisRateLimitStore(redis, `x:${name}:`) });
      expect((await request(app).get('/v1/things')).status).to.equal(200);
      expect((await request(app).get('/v1/things')).status).to.equal(200);
      // The store fails open itself: no plain-text store error from the library per request.
      expect(quiet.called).to.equal(false);
    } finally {
      quiet.restore();
      down.destroy();
    }
  });
});

import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import express, { type Application } from 'express';
import type { Store } from 'express-rate-limit';
import pino from 'pino';
import sinon from 'sinon';
import request from 'supertest';
import { type RateLimitOptions, rateLimitGuards } from '../../../src/api/middlewares/rate-limit';
import { errorHandler } from '../../../src/api/middlewares/error-handler';
import { redisRateLimitStore } from '../../../src/infra/cache/redis-rate-limit.store';
import { type RedisClient, createRedisClient } from '../../../src/infra/cache/redis.client';
import { RedisConnection } from '../../../src/infra/cache/redis.connection';

const logger = pino({ level: 'silent' });

/** One "instance": the guards in front of a login that accepts one password and a plain route. */
function instance(options: Partial<RateLimitOptions>): Application {
  const app = express();
  app.use(express.json());
  app.use((req, res, next) => {
    const who = req.get('X-Test-Principal');
    if (who) res.locals.principalId = who;
    next();
  });
  for (const guard of rateLimitGuards({ perMinute: 1000, credentialsPerMinute: 1000, failedLoginsPerCpf: 1000, failedLoginsPerIp: 1000, failedAuthenticationsPerMinute: 1000, ...options })) app.use(guard);
  app.post('/v1/auth/login', (req, res) => {
    res.status(req.body.password === 'right' ? 200 : 401).json({});
  });
  app.get('/v1/things', (_req, res) => {
    res.json({});
  });
  app.use(errorHandler);
  return app;
}

const login = (app: Application, cpf: string, password: string) => request(app).post('/v1/auth/login').send({ cpf, password });

function behavesAsALimiter(storeFor: () => ((name: string) => Store) | undefined) {
  it('counts failed logins per CPF (punctuation ignored) and lets successes through uncounted', async () => {
    const app = instance({ failedLoginsPerCpf: 3, store: storeFor() });
    for (let i = 0; i < 5; i++) expect((await login(app, '52998224725', 'right')).status).to.equal(200);
    for (let i = 0; i < 3; i++) expect((await login(app, '529.982.247-25', 'wrong')).status).to.equal(401);
    const locked = await login(app, '52998224725', 'right');
    expect(locked.status).to.equal(429);
    expect(Number(locked.headers['retry-after'])).to.be.within(1, 900);
    expect((await login(app, '11144477735', 'right')).status).to.equal(200);
  });

  it('counts failed logins per IP across CPFs', async () => {
    const app = instance({ failedLoginsPerIp: 4, store: storeFor() });
    for (let i = 0; i < 4; i++) expect((await login(app, `1114447773${i}`, 'wrong')).status).to.equal(401);
    expect((await login(app, '52998224725', 'right')).status).to.equal(429);
  });

  it('counts requests per principal, and anonymous ones per IP', async () => {
    const app = instance({ perMinute: 2, store: storeFor() });
    const as = (who?: string) => (who ? request(app).get('/v1/things').set('X-Test-Principal', who) : request(app).get('/v1/things'));
    expect((await as('user:1')).status).to.equal(200);
    expect((await as('user:1')).status).to.equal(200);
    expect((await as('user:1')).status).to.equal(429);
    expect((await as('service:x')).status).to.equal(200);
    expect((await as()).status).to.equal(200);
  });
}

describe('rate-limit guards', () => {
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
      expect(keys[0]).to.match(new RegExp(`^${prefix}api:ip:[0-9a-f:.]+$`));
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

import { expect } from 'chai';
import type { Options } from 'express-rate-limit';
import pino from 'pino';
import { redisRateLimitStore } from '../../../src/infra/cache/redis-rate-limit.store';
import { createRedisClient } from '../../../src/infra/cache/redis.client';
import { RedisConnection } from '../../../src/infra/cache/redis.connection';
import { RedisServer, describeWithRedisServer } from '../../helpers/redis-server';

const silent = pino({ level: 'silent' });

describeWithRedisServer('Redis rate-limit store, against a redis-server of the test', function () {
  this.timeout(20_000);

  let server: RedisServer;
  let redis: RedisConnection;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeEach(async () => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
    server = await RedisServer.start();
    const client = createRedisClient(server.url, silent);
    redis = new RedisConnection(client, silent, { halfOpenAfterMs: 500 });
    for (let i = 0; i < 250 && !client.isReady; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  });

  afterEach(async () => {
    process.off('unhandledRejection', onUnhandled);
    server.resume();
    await redis.close();
    await server.stop();
  });

  const aStore = () => {
    const store = redisRateLimitStore(redis, 'rl:test:');
    store.init?.({ windowMs: 60_000 } as Options);
    return store;
  };

  it('counts in Redis while it answers', async () => {
    const store = aStore();
    expect((await store.increment('k')).totalHits).to.equal(1);
    expect((await store.increment('k')).totalHits).to.equal(2);
    await store.decrement('k');
    expect((await store.increment('k')).totalHits).to.equal(2);
    await store.resetKey('k');
    expect((await store.increment('k')).totalHits).to.equal(1);
  });

  it('Redis killed with commands in flight and after: no method rejects, increments fail open, nothing is left unhandled', async () => {
    const store = aStore();
    await store.increment('k');
    // Not awaited, as express-rate-limit does with decrement in its response listeners.
    const inFlight = Array.from({ length: 30 }, (_, i) => [store.increment(`k${i}`), store.decrement(`k${i}`), store.resetKey(`k${i}`)]).flat();
    await server.kill();
    const settled = await Promise.allSettled([...inFlight, store.increment('k'), store.decrement('k'), store.resetKey('k')]);
    expect(settled.filter((s) => s.status === 'rejected')).to.deep.equal([]);
    const afterKill = await store.increment('k');
    expect(afterKill.totalHits, 'let through as the first of its window').to.equal(1);
    expect(afterKill.resetTime!.getTime()).to.be.above(Date.now());
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled.map(String)).to.deep.equal([]);
  });

  it('Redis stalled: increments fail open within the command timeout, then at once', async () => {
    const store = aStore();
    server.stall();
    const started = performance.now();
    for (let i = 0; i < 3; i++) expect((await store.increment('k')).totalHits).to.equal(1);
    expect(performance.now() - started).to.be.below(1500);
    expect(redis.circuitState).to.equal('open');
    const open = performance.now();
    expect((await store.increment('k')).totalHits).to.equal(1);
    expect(performance.now() - open).to.be.below(20);
    server.resume();
    for (let i = 0; i < 200 && redis.circuitState !== 'closed'; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(redis.circuitState).to.equal('closed');
    expect((await store.increment('k2')).totalHits).to.equal(1);
    expect((await store.increment('k2')).totalHits).to.equal(2);
  });
});

import { expect } from 'chai';
import pino from 'pino';
import { RedisCache } from '../../../src/infra/cache/redis.cache';
import { createRedisClient } from '../../../src/infra/cache/redis.client';
import { RedisConnection, RedisSkippedError } from '../../../src/infra/cache/redis.connection';
import { RedisServer, describeWithRedisServer } from '../../helpers/redis-server';

const silent = pino({ level: 'silent' });

async function until(condition: () => boolean, withinMs: number, what: string): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > withinMs) throw new Error(`${what}: not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - started;
}

async function elapsed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

describeWithRedisServer('RedisConnection, against a redis-server of the test', function () {
  this.timeout(20_000);

  let server: RedisServer;
  let redis: RedisConnection;
  let cache: RedisCache;
  const errors: string[] = [];

  beforeEach(async () => {
    server = await RedisServer.start();
    const client = createRedisClient(server.url, silent);
    redis = new RedisConnection(client, silent, { commandTimeoutMs: 200, failureThreshold: 3, halfOpenAfterMs: 500 });
    errors.length = 0;
    redis.onError((kind) => errors.push(kind));
    cache = new RedisCache(redis, silent, 'test:');
    await until(() => client.isReady, 5000, 'client ready');
  });

  afterEach(async () => {
    server.resume();
    await redis.close();
    await server.stop();
  });

  it('a busy event loop is not a stalled Redis: a reply that arrived while the loop was blocked wins over its timeout', async () => {
    await cache.set('k', 'v', 60);
    for (let i = 0; i < 3; i++) {
      const reading = cache.get('k');
      const blockedUntil = Date.now() + 300;
      while (Date.now() < blockedUntil);
      expect(await reading).to.equal('v');
    }
    expect(errors).to.deep.equal([]);
    expect(redis.circuitState).to.equal('closed');
  });

  it('opens after consecutive failures, then skips Redis at once; a background probe closes it after the stall ends', async () => {
    server.stall();
    for (let i = 0; i < 3; i++) expect(await cache.get('k')).to.equal(null);
    expect(redis.circuitState).to.equal('open');
    const skipped = await redis.run((client) => client.get('k')).catch((error: unknown) => error);
    expect(skipped).to.be.instanceOf(RedisSkippedError);
    expect(await elapsed(() => cache.get('k')), 'no wait while open').to.be.below(20);
    expect(await elapsed(() => redis.ping().catch(() => undefined)), 'readiness does not wait either').to.be.below(20);

    server.resume();
    // Nobody calls meanwhile: the probe alone brings it back.
    await until(() => redis.circuitState === 'closed', 3000, 'circuit closed');
    await cache.set('k', 'back', 60);
    expect(await cache.get('k')).to.equal('back');
  });

  it('after a kill, closes again as soon as the client has reconnected, without waiting out the break', async () => {
    await server.kill();
    for (let i = 0; i < 3; i++) expect(await cache.get('k')).to.equal(null);
    expect(redis.circuitState).to.equal('open');
    expect(errors).to.include('connection');
    await server.restart();
    const ms = await until(() => redis.circuitState === 'closed', 3000, 'circuit closed');
    expect(ms, 'reconnect (at most a second apart) then an immediate probe').to.be.below(1500);
    expect(await cache.get('k')).to.equal(null);
    await cache.set('k', 'v', 60);
    expect(await cache.get('k')).to.equal('v');
  });

  it('closes at once while Redis is stalled, so that shutdown never waits on it', async () => {
    server.stall();
    for (let i = 0; i < 3; i++) await cache.get('k');
    expect(await elapsed(() => redis.close())).to.be.below(100);
    expect(redis.client.isOpen).to.equal(false);
  });
});

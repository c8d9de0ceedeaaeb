import { expect } from 'chai';
import pino from 'pino';
import { RedisCache } from '../../../src/infra/cache/redis.cache';
import { type RedisClient, createRedisClient } from '../../../src/infra/cache/redis.client';
import { RedisConnection } from '../../../src/infra/cache/redis.connection';
import { closedPort } from '../../helpers/net';

const silent = pino({ level: 'silent' });
const redisUrl = process.env.TEST_REDIS_URL;

async function ready(client: RedisClient): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!client.isReady) {
    if (Date.now() > deadline) throw new Error('redis did not become ready');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('RedisCache', () => {
  (redisUrl ? describe : describe.skip)(`against TEST_REDIS_URL${redisUrl ? '' : ' (skipped: TEST_REDIS_URL is not set)'}`, () => {
    const prefix = `fincore-test:${process.pid}:`;
    let client: RedisClient;
    let cache: RedisCache;

    before(async () => {
      client = createRedisClient(redisUrl!, silent);
      await ready(client);
      cache = new RedisCache(new RedisConnection(client, silent), silent, prefix);
    });
    after(async () => {
      const keys = await client.keys(`${prefix}*`);
      if (keys.length) await client.del(keys);
      await cache.close();
      expect(client.isOpen).to.equal(false);
    });

    it('sets, gets and deletes under its key prefix', async () => {
      await cache.set('k', 'v', 60);
      expect(await cache.get('k')).to.equal('v');
      expect(await client.get(`${prefix}k`)).to.equal('v');
      await cache.delete('k');
      expect(await cache.get('k')).to.equal(null);
      expect(await client.exists(`${prefix}k`)).to.equal(0);
    });

    it('gives every entry the requested ttl', async () => {
      await cache.set('ttl', 'v', 30);
      const ttl = await client.ttl(`${prefix}ttl`);
      expect(ttl).to.be.within(1, 30);
    });

    it('add stores only when the key is absent (SET NX), with its ttl', async () => {
      await cache.add('nx', 'first', 30);
      await cache.add('nx', 'second', 30);
      expect(await cache.get('nx')).to.equal('first');
      expect(await client.ttl(`${prefix}nx`)).to.be.within(1, 30);
    });

    it('answers ping', async () => {
      await cache.ping();
    });
  });

  describe('when Redis is unreachable', () => {
    let client: RedisClient;
    let cache: RedisCache;

    before(async () => {
      client = createRedisClient(`redis://127.0.0.1:${await closedPort()}`, silent);
      cache = new RedisCache(new RedisConnection(client, silent), silent);
    });
    after(() => {
      if (client.isOpen) client.destroy();
    });

    it('degrades to misses and skipped writes, quickly and without throwing', async () => {
      const started = Date.now();
      expect(await cache.get('k')).to.equal(null);
      await cache.set('k', 'v', 60);
      await cache.add('k', 'v', 60);
      await cache.delete('k');
      expect(await cache.get('k')).to.equal(null);
      expect(Date.now() - started, 'five operations within the 250 ms command timeout each').to.be.below(1250);
    });

    it('fails its readiness ping', async () => {
      const error = await cache.ping().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(Error);
    });

    it('closes at once, so that shutdown never waits on Redis', async () => {
      const started = Date.now();
      await cache.close();
      expect(Date.now() - started).to.be.below(1000);
      expect(client.isOpen).to.equal(false);
    });
  });
});

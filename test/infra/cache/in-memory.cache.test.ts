import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { InMemoryCache } from '../../../src/infra/cache/in-memory.cache';

describe('InMemoryCache', () => {
  it('returns what was set, and null for unknown keys', async () => {
    const cache = new InMemoryCache();
    await cache.set('k', 'v', 60);
    expect(await cache.get('k')).to.equal('v');
    expect(await cache.get('other')).to.equal(null);
  });

  it('overwrites and deletes', async () => {
    const cache = new InMemoryCache();
    await cache.set('k', 'v1', 60);
    await cache.set('k', 'v2', 60);
    expect(await cache.get('k')).to.equal('v2');
    await cache.delete('k');
    expect(await cache.get('k')).to.equal(null);
    await cache.delete('never-set');
  });

  it('add stores only when the key is absent', async () => {
    const cache = new InMemoryCache();
    await cache.add('k', 'first', 60);
    await cache.add('k', 'second', 60);
    expect(await cache.get('k')).to.equal('first');
  });

  it('expires an entry after its ttl, like a Redis key', async () => {
    const cache = new InMemoryCache();
    await cache.set('short', 'v', 0.05);
    await cache.set('long', 'v', 60);
    expect(await cache.get('short')).to.equal('v');
    await sleep(120);
    expect(await cache.get('short')).to.equal(null);
    expect(await cache.get('long')).to.equal('v');
  });

  it('answers ping and empties itself on close', async () => {
    const cache = new InMemoryCache();
    await cache.set('k', 'v', 60);
    await cache.ping();
    await cache.close();
    expect(await cache.get('k')).to.equal(null);
  });
});

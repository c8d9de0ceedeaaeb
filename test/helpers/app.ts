import { createClient } from 'redis';
import { type FincoreApp, type Overrides, buildApplication } from '../../src/config/composition-root';
import { loadSettings } from '../../src/config/settings';
import { SCOPES } from '../../src/domain/modules/auth/principal';
import { resetDatabase, testDatabaseOptions } from './database';
import { watchProblems } from './declared-problems';

let appCount = 0;

/**
 * The whole application, built by the production composition root; only the environment and
 * where data lives differ. Remember to `await app.close()` in an `after` hook.
 *
 * With TEST_REDIS_URL each app gets its own Redis key namespace (cached users and rate-limit
 * counters never leak between test files or runs), and closing the app deletes its keys.
 */
export async function createTestApp(env: Record<string, string> = {}, overrides: Overrides = {}): Promise<FincoreApp> {
  const settings = loadSettings({ ...process.env, REDIS_URL: process.env.TEST_REDIS_URL ?? '', ...env });
  const redisKeyPrefix = `fincore-test:${process.pid}:${++appCount}:`;
  const app = await buildApplication(settings, { database: testDatabaseOptions(), redisKeyPrefix, ...overrides });
  await resetDatabase(app.db);
  await registerTestService(app);
  watchProblems(app.http);
  const { redisUrl } = settings;
  if (redisUrl) {
    const close = app.close;
    app.close = async () => {
      await close();
      await deleteKeys(redisUrl, overrides.redisKeyPrefix ?? redisKeyPrefix);
    };
  }
  return app;
}

/** The client `asService` tokens speak for: tokens of unknown or disabled clients are refused, as in production. */
async function registerTestService(app: FincoreApp): Promise<void> {
  await app.db('service_clients').insert({
    client_id: 'test-service',
    secret_hash: '0'.repeat(64),
    name: 'test service',
    scopes: [...SCOPES],
    is_active: true,
    created_at: new Date(),
  });
}

async function deleteKeys(url: string, prefix: string): Promise<void> {
  const client = createClient({ url });
  await client.connect();
  try {
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      const keys = ([] as string[]).concat(batch);
      if (keys.length > 0) await client.del(keys);
    }
  } finally {
    client.destroy();
  }
}

/**
 * One app for the `describe` it is called in, closed after it. `app` is set by a `before` hook:
 * read it inside hooks and tests.
 */
export function useTestApp(env: Record<string, string> = {}, overrides: Overrides = {}): { readonly app: FincoreApp } {
  let app: FincoreApp | undefined;
  before(async () => {
    app = await createTestApp(env, overrides);
  });
  after(async () => {
    await app?.close();
  });
  return {
    get app() {
      if (!app) throw new Error('the app is built in a before hook: use it inside hooks and tests');
      return app;
    },
  };
}

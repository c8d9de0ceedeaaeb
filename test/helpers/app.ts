import { type FincoreApp, type Overrides, buildApplication } from '../../src/config/composition-root';
import { loadSettings } from '../../src/config/settings';
import { resetDatabase, testDatabaseOptions } from './database';

/**
 * The whole application, built by the production composition root; only the environment and
 * where data lives differ. Remember to `await app.close()` in an `after` hook.
 */
export async function createTestApp(env: Record<string, string> = {}, overrides: Overrides = {}): Promise<FincoreApp> {
  const settings = loadSettings({ ...process.env, REDIS_URL: process.env.TEST_REDIS_URL ?? '', ...env });
  const app = await buildApplication(settings, { database: testDatabaseOptions(), ...overrides });
  await resetDatabase(app.db);
  return app;
}

/**
 * Mocha root hooks. Each run gets its own database: an in-memory PGlite per app by default, or,
 * with TEST_DATABASE_URL, a fresh PostgreSQL database created here and dropped at the end.
 */
import 'reflect-metadata';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import knex from 'knex';
import { takeUndeclaredProblems } from './declared-problems';

process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';
// One signing key per test process, so no test writes key files anywhere.
process.env.JWT_PRIVATE_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

const adminUrl = process.env.TEST_DATABASE_URL;
const runDatabase = `fincore_test_${process.pid}_${randomBytes(3).toString('hex')}`;

const undeclaredProblems = new Set<string>();

export const mochaHooks = {
  // A route that answered a problem its OpenAPI operation does not declare fails the run, naming the
  // test that saw it; collected to the end, so that one undeclared code does not stop the other tests.
  afterEach(this: Mocha.Context) {
    const title = this.currentTest?.fullTitle() ?? '(unknown test)';
    for (const why of takeUndeclaredProblems()) undeclaredProblems.add(`${why}\n      seen in: ${title}`);
  },
  async beforeAll(this: Mocha.Context) {
    if (!adminUrl) return;
    this.timeout(30_000);
    const admin = knex({ client: 'pg', connection: adminUrl });
    try {
      await admin.raw(`CREATE DATABASE ${runDatabase}`);
    } finally {
      await admin.destroy();
    }
    const url = new URL(adminUrl);
    url.pathname = `/${runDatabase}`;
    process.env.FINCORE_TEST_RUN_DATABASE_URL = url.toString();
  },
  async afterAll(this: Mocha.Context) {
    await dropRunDatabase(this);
    if (undeclaredProblems.size > 0) {
      throw new Error(`routes answered problems their OpenAPI operation does not declare (declare them in src/api/openapi):\n  ${[...undeclaredProblems].join('\n  ')}`);
    }
  },
};

async function dropRunDatabase(context: Mocha.Context): Promise<void> {
  if (!adminUrl) return;
  context.timeout(30_000);
  const admin = knex({ client: 'pg', connection: adminUrl });
  try {
    await admin.raw(`DROP DATABASE IF EXISTS ${runDatabase} WITH (FORCE)`);
  } finally {
    await admin.destroy();
  }
}

/**
 * Transfers per second through the whole service (HTTP, authentication, idempotency record, ledger),
 * with many transfers in flight between a few accounts in both directions, and how often the
 * database made a transaction retry (serialization failure or deadlock). Runs on an in-memory
 * embedded database, then, when DATABASE_URL or TEST_DATABASE_URL is set, on a fresh PostgreSQL
 * database created on that server for the run and dropped afterwards (nothing else is touched).
 *
 *   npx tsx scripts/bench-transfers.ts [--accounts 10] [--transfers 2000] [--concurrency 32] [--postgres-only]
 */
import 'reflect-metadata';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import knex from 'knex';
import { buildApplication, type FincoreApp } from '../src/config/composition-root';
import { loadSettings } from '../src/config/settings';
import type { IAccessTokenIssuer } from '../src/domain/modules/auth/access-token.port';
import { AUTH_TYPES } from '../src/domain/modules/auth/auth.types';
import type { DatabaseOptions } from '../src/infra/database/knex/knex.factory';
import { isRetryableConflict } from '../src/infra/database/knex/pg-errors';

const option = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const ACCOUNTS = option('accounts', 10);
const TRANSFERS = option('transfers', 2000);
const CONCURRENCY = option('concurrency', 32);
const INITIAL_BALANCE = 1_000_000;

interface Outcome {
  status: number;
  ms: number;
}

async function bench(label: string, database: DatabaseOptions): Promise<void> {
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const settings = loadSettings({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_PRIVATE_KEY: key, RATE_LIMIT_PER_MINUTE: '100000000' });
  const app = await buildApplication(settings, { database });
  let retries = 0;
  app.db.on('query-error', (error: unknown) => {
    if (isRetryableConflict(error)) retries++;
  });
  const server = app.http.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const { accounts, tokens } = await setUp(app, base);
    const plan = Array.from({ length: TRANSFERS }, (_, i) => {
      const k = Math.floor(i / 2) % ACCOUNTS;
      const [from, to] = i % 2 === 0 ? [k, (k + 1) % ACCOUNTS] : [(k + 1) % ACCOUNTS, k];
      return { from, to, amount: 1 + (i % 97) };
    });

    const outcomes: Outcome[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < plan.length) {
          const { from, to, amount } = plan[next++];
          const t0 = performance.now();
          const res = await fetch(`${base}/v1/transfers`, {
            method: 'POST',
            headers: { authorization: tokens[from], 'content-type': 'application/json', 'idempotency-key': randomUUID() },
            body: JSON.stringify({ fromAccountId: accounts[from], toAccountId: accounts[to], amount, currency: 'BRL' }),
          });
          await res.arrayBuffer();
          outcomes.push({ status: res.status, ms: performance.now() - t0 });
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;

    const byStatus = new Map<number, number>();
    for (const o of outcomes) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
    const latencies = outcomes.map((o) => o.ms).sort((a, b) => a - b);
    const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1);
    const integrity = (await (await fetch(`${base}/v1/ledger/integrity`, { headers: { authorization: tokens.admin } })).json()) as { balanced: boolean };
    const total = (await app.db('accounts').where({ kind: 'customer' }).sum<{ s: string }[]>({ s: 'balance' }))[0].s;

    console.log(`\n${label}`);
    console.log(`  ${TRANSFERS} transfers, ${ACCOUNTS} accounts, ${CONCURRENCY} in flight: ${(outcomes.length / seconds).toFixed(0)} transfers/s (${seconds.toFixed(2)} s)`);
    console.log(`  statuses: ${[...byStatus].map(([s, n]) => `${s}: ${n}`).join(', ')}`);
    console.log(`  latency ms: p50 ${at(0.5)}, p95 ${at(0.95)}, p99 ${at(0.99)}, max ${latencies[latencies.length - 1].toFixed(1)}`);
    console.log(`  transaction retries (SQLSTATE 40001/40P01): ${retries}`);
    console.log(`  customer money total ${total} (expected ${ACCOUNTS * INITIAL_BALANCE}); ledger balanced: ${integrity.balanced}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await app.close();
  }
}

/** Owners and funded accounts, created through the API like any client would. */
async function setUp(app: FincoreApp, base: string): Promise<{ accounts: string[]; tokens: string[] & { admin: string } }> {
  const issuer = app.container.get<IAccessTokenIssuer>(AUTH_TYPES.IAccessTokenIssuer);
  const bearer = (userId: number, role: 'customer' | 'admin') => `Bearer ${issuer.issue({ kind: 'user', userId, role }, 0).token}`;
  const [{ id: adminId }] = await app.db('users').insert({ cpf: '52998224725', name: 'Bench Admin', email: 'bench.admin@example.com', role: 'admin' }).returning('id');
  const tokens = Object.assign([] as string[], { admin: bearer(adminId, 'admin') });
  const accounts: string[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const cpf = String(100_000_000 + i).padStart(9, '0');
    const [{ id }] = await app.db('users').insert({ cpf: withCheckDigits(cpf), name: `Bench User ${i}`, email: `bench.${i}@example.com` }).returning('id');
    tokens.push(bearer(id, 'customer'));
    const opened = await post(base, '/v1/accounts', tokens[i], { currency: 'BRL' });
    accounts.push(opened.id);
    await post(base, `/v1/accounts/${opened.id}/deposits`, tokens[i], { amount: INITIAL_BALANCE, currency: 'BRL', source: 'tok_bench' });
  }
  return { accounts, tokens };
}

async function post(base: string, path: string, authorization: string, body: unknown): Promise<{ id: string }> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
}

function withCheckDigits(base: string): string {
  const digit = (digits: string) => {
    const sum = [...digits].reduce((acc, d, i) => acc + Number(d) * (digits.length + 1 - i), 0);
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  const d1 = digit(base);
  return `${base}${d1}${digit(`${base}${d1}`)}`;
}

async function main(): Promise<void> {
  if (!process.argv.includes('--postgres-only')) await bench('embedded PGlite (in memory, one connection)', { embeddedDir: 'memory', poolSize: 1 });
  const serverUrl = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    console.log('\n(set DATABASE_URL or TEST_DATABASE_URL to also measure PostgreSQL)');
    return;
  }
  const name = `fincore_bench_${process.pid}`;
  const admin = knex({ client: 'pg', connection: serverUrl });
  await admin.raw(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    await bench(`PostgreSQL (pool of 10, database ${name})`, { url: url.toString(), embeddedDir: 'memory', poolSize: 10 });
  } finally {
    await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import knex, { type Knex } from 'knex';
import type { FincoreApp } from '../../src/config/composition-root';
import type { ClaimReleases } from '../../src/infra/database/knex/modules/financial/claim-releases';
import { INFRA_TYPES } from '../../src/infra/infra.types';
import { usingPostgres } from '../helpers/database';
import { note } from '../helpers/load';
import { logCapture } from '../helpers/log-capture';
import type { StoredUser } from '../helpers/users';
import { type AccountBody, Bank, aKey, createBankApp } from './financial/bank';

const LOCK_TIMEOUT_MS = 800;
const INITIAL = 100_000;

interface Answer {
  key: string;
  status: number;
  contentType: string;
  retryAfter: string | null;
  body: { id?: string; code?: string };
  ms: number;
}

/**
 * PostgreSQL failing under load (SPEC section 6): backends killed by pg_terminate_backend while
 * transfers run, and a row held by another session. Every answer must be a 201 or a 503 problem
 * with Retry-After, never a 500; afterwards every key must run (its claim was released, or a transfer's never committed) or replay,
 * and the books must balance. PostgreSQL only: PGlite is one in-process session.
 */
(usingPostgres() ? describe : describe.skip)('database failures, on PostgreSQL', function () {
  this.timeout(60_000);

  let app: FincoreApp;
  let bank: Bank;
  let server: Server;
  let base: string;
  let admin: Knex;
  let owners: StoredUser[];
  let accounts: AccountBody[];
  let logLines: string[];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    const capture = logCapture();
    logLines = capture.raw;
    const { logger } = capture;
    app = await createBankApp({ DB_LOCK_TIMEOUT_MS: String(LOCK_TIMEOUT_MS), DB_STATEMENT_TIMEOUT_MS: '3000', DB_ACQUIRE_TIMEOUT_MS: '1500' }, { logger });
    bank = await new Bank(app).init();
    owners = [];
    accounts = [];
    for (let i = 0; i < 4; i++) {
      owners.push(await bank.customer());
      accounts.push(await bank.fundedAccount(owners[i], INITIAL));
    }
    server = app.http.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    admin = knex({ client: 'pg', connection: process.env.FINCORE_TEST_RUN_DATABASE_URL, pool: { min: 0, max: 2 } });
  });

  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    await admin?.destroy();
    if (server) {
      await new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
    }
    await app?.close();
  });

  async function transfer(from: number, to: number, amount: number, key: string): Promise<Answer> {
    const started = performance.now();
    const res = await fetch(`${base}/v1/transfers`, {
      method: 'POST',
      headers: { authorization: owners[from].authorization, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ fromAccountId: accounts[from].id, toAccountId: accounts[to].id, amount, currency: 'BRL' }),
    });
    const text = await res.text();
    return {
      key,
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      retryAfter: res.headers.get('retry-after'),
      body: text ? JSON.parse(text) : {},
      ms: performance.now() - started,
    };
  }

  async function readiness(): Promise<{ status: number; ms: number }> {
    const started = performance.now();
    const res = await fetch(`${base}/health/ready`);
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - started };
  }

  const byStatus = (answers: Answer[]) => answers.reduce<Record<string, number>>((acc, a) => ({ ...acc, [`${a.status} ${a.body.code ?? ''}`.trim()]: (acc[`${a.status} ${a.body.code ?? ''}`.trim()] ?? 0) + 1 }), {});
  const maxMs = (answers: Answer[]) => Math.round(Math.max(...answers.map((a) => a.ms)));

  function expectOutageProblem(answer: Answer, code: string): void {
    expect(answer.status, JSON.stringify(answer)).to.equal(503);
    expect(answer.contentType).to.match(/^application\/problem\+json/);
    expect(answer.retryAfter).to.match(/^\d+$/);
    expect(answer.body.code).to.equal(code);
  }

  async function balances(): Promise<number[]> {
    return Promise.all(accounts.map((a) => bank.balance(a.id)));
  }

  it('backends killed under a transfer load: every answer is 201 or 503 DATABASE_UNAVAILABLE; every 503 key runs on retry, every 201 replays, the books balance', async () => {
    const before = await balances();
    const TRANSFERS = 40;
    const plan = Array.from({ length: TRANSFERS }, (_, i) => ({ from: i % 4, to: (i + 1) % 4, amount: 1 + (i % 7), key: aKey() }));

    let loading = true;
    let kills = 0;
    // Terminates every backend of the application's pool (not this session, not readiness'), over and over.
    const killer = (async () => {
      while (loading) {
        const { rows } = await admin.raw<{ rows: unknown[] }>(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'fincore' AND pid <> pg_backend_pid()`,
        );
        kills += rows.length;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    const answers: Answer[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < plan.length) {
          const { from, to, amount, key } = plan[next++];
          answers.push(await transfer(from, to, amount, key));
        }
      }),
    );
    loading = false;
    await killer;
    note(`outage: ${TRANSFERS} transfers, ${kills} backends terminated: ${JSON.stringify(byStatus(answers))}, max ${maxMs(answers)} ms`);

    for (const answer of answers) {
      if (answer.status !== 201) expectOutageProblem(answer, 'DATABASE_UNAVAILABLE');
    }
    expect(kills, 'backends terminated').to.be.above(0);
    expect(answers.filter((a) => a.status === 503).length, 'some transfers were cut by the outage').to.be.above(0);
    expect(unhandled.map(String), 'unhandled rejections').to.deep.equal([]);

    // Releases the database refused during the outage are done in the background: let them finish.
    await app.container.get<ClaimReleases>(INFRA_TYPES.ClaimReleases).idle();
    const releaseLines = (await (await fetch(`${base}/metrics`)).text()).split('\n').filter((line) => line.startsWith('idempotency_claims_released_total'));
    note(`claims released: ${releaseLines.join(', ')}`);
    const retries: Answer[] = [];
    for (const answer of answers.filter((a) => a.status === 503)) {
      const { from, to, amount } = plan.find((p) => p.key === answer.key)!;
      retries.push(await transfer(from, to, amount, answer.key));
    }
    note(`retries of the 503'd keys: ${JSON.stringify(byStatus(retries))}, max ${maxMs(retries)} ms`);
    for (const retry of retries) expect(retry.status, JSON.stringify(retry)).to.equal(201);

    const created = new Map([...answers, ...retries].filter((a) => a.status === 201).map((a) => [a.key, a.body.id]));
    expect(created.size).to.equal(TRANSFERS);
    for (const { from, to, amount, key } of plan) {
      const replay = await transfer(from, to, amount, key);
      expect(replay.status).to.equal(201);
      expect(replay.body.id, `replay of ${key}`).to.equal(created.get(key));
    }

    // Every transfer applied exactly once.
    const expected = [...before];
    for (const { from, to, amount } of plan) {
      expected[from] -= amount;
      expected[to] += amount;
    }
    expect(await balances()).to.deep.equal(expected);
    expect(await bank.integrity()).to.include({ balanced: true });

    // One JSON line per event: every line parses, and the outage lines carry no stack.
    const parsed = logLines.map((line) => JSON.parse(line) as { level: number; msg: string; err?: { stack?: string } });
    const outageLines = parsed.filter((line) => line.msg === 'database failure answered 503');
    expect(outageLines.length).to.be.at.least(answers.filter((a) => a.status === 503).length);
    for (const line of outageLines) {
      expect(line.level).to.equal(40);
      expect(JSON.stringify(line)).to.not.match(/\bat .*\(.*:\d+:\d+\)/);
    }
    expect(parsed.filter((line) => line.msg === 'unhandled error'), 'no 500').to.deep.equal([]);
  });

  it('the database refusing every connection: readiness 503 and requests 503 DATABASE_UNAVAILABLE; ready and serving again within seconds of its return', async () => {
    const { rows } = await admin.raw<{ rows: { name: string }[] }>('SELECT current_database() AS name');
    const database = rows[0].name;
    // From another database: PostgreSQL does not close the current one to connections.
    const maintenance = knex({ client: 'pg', connection: process.env.TEST_DATABASE_URL, pool: { min: 0, max: 1 } });
    const down = performance.now();
    await maintenance.raw(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
    try {
      await maintenance.raw(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND application_name LIKE 'fincore%'`, [database]);
      const ready = await readiness();
      const moving = await transfer(0, 1, 1, aKey());
      const reading = await fetch(`${base}/v1/accounts/${accounts[0].id}`, { headers: { authorization: owners[0].authorization } });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      note(`database closed: readiness ${ready.status} in ${Math.round(ready.ms)} ms, transfer ${moving.status} ${moving.body.code} in ${Math.round(moving.ms)} ms, read ${reading.status}`);
      expect(ready.status).to.equal(503);
      expectOutageProblem(moving, 'DATABASE_UNAVAILABLE');
      expect(reading.status).to.equal(503);
      expect(reading.headers.get('retry-after')).to.equal('5');
      expect(metrics).to.match(/degraded\{dependency="database"\} 1/);
    } finally {
      await maintenance.raw(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
      await maintenance.destroy();
    }
    const back = performance.now();
    for (;;) {
      if ((await readiness()).status === 200) break;
      expect(performance.now() - back, 'readiness back').to.be.below(5000);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const readyAfterMs = performance.now() - back;
    const served = await transfer(0, 1, 1, aKey());
    note(`database open again: readiness 200 after ${Math.round(readyAfterMs)} ms, transfer ${served.status}; outage lasted ${Math.round(back - down)} ms`);
    expect(served.status, JSON.stringify(served)).to.equal(201);
    // The outage ends in the logs after a quiet second without failures (no flapping): probes keep
    // succeeding until then.
    const messages = () => logLines.map((line) => (JSON.parse(line) as { msg: string }).msg);
    for (const until = performance.now() + 3000; !messages().includes('database reachable again') && performance.now() < until; ) {
      await readiness();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(messages().filter((msg) => msg.startsWith('database unavailable')).length).to.be.at.least(1);
    expect(messages().filter((msg) => msg === 'database reachable again').length).to.be.at.least(1);
  });

  it(`a row held by another session: transfers on it answer 503 DATABASE_BUSY after about ${LOCK_TIMEOUT_MS} ms, other accounts and readiness are served meanwhile`, async () => {
    const before = await balances();
    const locker = await admin.transaction();
    try {
      await locker.raw('SELECT id FROM accounts WHERE id = ? FOR UPDATE', [accounts[0].id]);
      const BLOCKED = 12; // more than the pool of 10
      const keys = Array.from({ length: BLOCKED }, () => aKey());
      const started = performance.now();
      const blocked = Promise.all(keys.map((key) => transfer(0, 1, 5, key)));
      // Meanwhile, while every connection of the pool waits on the lock:
      await new Promise((resolve) => setTimeout(resolve, 150));
      const [other, ready] = await Promise.all([transfer(2, 3, 7, aKey()), readiness()]);
      const answers = await blocked;
      note(
        `lock held: ${BLOCKED} transfers on it ${JSON.stringify(byStatus(answers))} max ${maxMs(answers)} ms (all done after ${Math.round(performance.now() - started)} ms); ` +
          `latencies ${answers.map((a) => Math.round(a.ms)).sort((a, b) => a - b).join(',')}; other accounts ${other.status} in ${Math.round(other.ms)} ms; readiness ${ready.status} in ${Math.round(ready.ms)} ms`,
      );

      for (const answer of answers) expectOutageProblem(answer, 'DATABASE_BUSY');
      // Most wait for the lock only. Those beyond the pool's 10 connections (the other transfer,
      // shares it) first wait for a connection, freed when
      // a lock wait ends, then for the lock: one or two lock timeouts more. Margins for a loaded machine.
      const sorted = answers.map((a) => a.ms).sort((a, b) => a - b);
      expect(sorted[BLOCKED / 2], 'the median').to.be.below(LOCK_TIMEOUT_MS + 1000);
      expect(sorted[BLOCKED - 1], 'the slowest').to.be.below(3 * LOCK_TIMEOUT_MS + 1500);
      expect(other.status, JSON.stringify(other)).to.equal(201);
      expect(ready.status).to.equal(200);
      expect(ready.ms).to.be.below(500);

      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(Number(/database_lock_timeouts_total\{kind="lock"\} (\d+)/.exec(metrics)?.[1])).to.be.at.least(BLOCKED);
      expect(Number(/database_outage_responses_total\{code="DATABASE_BUSY"\} (\d+)/.exec(metrics)?.[1])).to.be.at.least(BLOCKED);
      expect(metrics).to.match(/db_client_connection_count\{state="used"\} \d+/);
      expect(metrics).to.match(/degraded\{dependency="database"\} 0/);

      // A transfer's key record rolls back with the transfer: none of the refused attempts left one.
      expect(await admin('idempotency_keys').whereIn('key', keys).pluck('key')).to.deep.equal([]);

      await locker.rollback();
      // The lock gone, each refused key runs again at once: nothing holds it for a lease.
      const retried = await Promise.all(keys.map((key) => transfer(0, 1, 5, key)));
      expect(retried.map((r) => r.status)).to.deep.equal(keys.map(() => 201));
      const after = await balances();
      expect(after[0]).to.equal(before[0] - 5 * BLOCKED);
      expect(after[3]).to.equal(before[3] + 7);
    } finally {
      if (!locker.isCompleted()) await locker.rollback();
    }
  });
});

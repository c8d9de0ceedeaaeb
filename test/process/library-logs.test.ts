import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { aCpf } from '../helpers/cpf';
import { type LoadReport, note, runLoad, summary, unacceptable } from '../helpers/load';
import { RedisServer, describeWithRedisServer } from '../helpers/redis-server';
import { type ServerProcess, exitWithin, get, startServer, waitUntilReady } from './server-process';

const PASSWORD = 'a long enough password 1';

/**
 * The real server process, its stdout and stderr read as an operator's log collector reads them:
 * while Redis dies and comes back under load, every line is one JSON object (no library prints
 * plain text or stack traces between them), the console is never used, and the outage is told
 * in a few lines per state change, not one per request.
 */
describeWithRedisServer('library log lines through pino, Redis killed under load (real process)', function () {
  this.timeout(120_000);
  let redis: RedisServer;
  let server: ServerProcess;
  let stdout = '';
  let stderr = '';

  before(async () => {
    redis = await RedisServer.start();
    server = await startServer({
      preload: [path.join(__dirname, 'console-tripwire.cjs')],
      // info: the "back" lines are info; limits so high that the load is counted, never refused.
      env: { NODE_ENV: 'test', LOG_LEVEL: 'info', REDIS_URL: redis.url, RATE_LIMIT_PER_MINUTE: '1000000' },
    });
    server.child.stdout!.on('data', (chunk) => (stdout += chunk));
    server.child.stderr!.on('data', (chunk) => (stderr += chunk));
    await waitUntilReady(server, 60_000);
  });

  after(async () => {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    fs.rmSync(server.dataDir, { recursive: true, force: true });
    await redis.stop();
  });

  it('every line is JSON, console.* is never called, and Redis going and coming back is a few warn lines', async () => {
    const base = server.baseUrl;
    const json = { 'content-type': 'application/json' };
    const cpf = aCpf();
    const created = await fetch(`${base}/v1/users`, { method: 'POST', headers: json, body: JSON.stringify({ cpf, name: 'Log Reader', email: `logs.${cpf}@example.com`, password: PASSWORD }) });
    expect(created.status).to.equal(201);
    const login = await fetch(`${base}/v1/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ cpf, password: PASSWORD }) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    // What touches Redis: the cache (own user), every limiter, failed authentications, failed logins
    // (a new CPF each time, so that the per-CPF slow-down never delays the load), sign-ups.
    const send = (i: number): Promise<Response> => {
      if (i % 10 === 0) return fetch(`${base}/v1/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ cpf: aCpf(), password: 'not the password!' }) });
      if (i % 10 === 5) {
        const other = aCpf();
        return fetch(`${base}/v1/users`, { method: 'POST', headers: json, body: JSON.stringify({ cpf: other, name: 'Log Reader', email: `logs.${other}@example.com` }) });
      }
      const authorization = i % 4 === 3 ? 'Bearer not-a-token' : `Bearer ${accessToken}`;
      return fetch(`${base}/v1/users/${cpf}`, { headers: { authorization } });
    };
    const served = (phase: string, load: LoadReport) => {
      note(`${phase}: ${summary(load)}`);
      expect(unacceptable(load.answers), `${phase}: ${summary(load)}`).to.deep.equal([]);
    };

    served('healthy', await runLoad({ requests: 100, concurrency: 4, send }));
    await redis.kill();
    // Long enough for several half-open probes (every 2 s) to fail while requests keep coming.
    const down = await runLoad({ requests: 5000, concurrency: 4, untilMs: 5000, send });
    served('Redis down', down);
    expect(down.answers.length, 'requests during the outage').to.be.above(30);
    await redis.restart();
    await waitUntilReady(server, 10_000);
    // Readiness is 200 without Redis too: wait until it passes again, so the "back" lines are written.
    for (const until = Date.now() + 15_000; Date.now() < until; await sleep(100)) {
      const ready = await get(`${base}/health/ready`).catch(() => undefined);
      if (ready && (JSON.parse(ready.body) as { status: string }).status === 'pass') break;
    }
    served('Redis back', await runLoad({ requests: 100, concurrency: 4, send }));

    server.child.kill('SIGTERM');
    expect(await exitWithin(server, 30_000)).to.equal(0);

    const lines = (stdout + stderr).split('\n').filter((line) => line.trim() !== '');
    expect(lines.filter((line) => line.startsWith('CONSOLE-USED')), 'console.* calls').to.deep.equal([]);
    const notJson = lines.filter((line) => {
      try {
        return typeof JSON.parse(line) !== 'object';
      } catch {
        return true;
      }
    });
    expect(notJson, 'lines that are not JSON').to.deep.equal([]);
    expect(stderr, 'stderr').to.equal('');

    const entries = lines.map((line) => JSON.parse(line) as { level: number; msg: string });
    const redisLines = entries.filter((e) => /redis|rate.?limit|store|cache/i.test(e.msg));
    const tally: Record<string, number> = {};
    for (const e of redisLines) tally[`${e.level} ${e.msg}`] = (tally[`${e.level} ${e.msg}`] ?? 0) + 1;
    note(`${lines.length} log lines, about Redis (level message: count): ${JSON.stringify(tally)}`);
    // One outage, two state changes (gone, back): a few lines each, never one per request.
    expect(redisLines.filter((e) => e.level >= 40).length, 'warn lines about Redis').to.be.within(1, 4);
    expect(redisLines.length, 'all lines about Redis').to.be.at.most(8);
    expect(redisLines.some((e) => e.level < 40 && /back|ready|closed/.test(e.msg)), 'a line saying Redis is back').to.equal(true);
  });
});

describe('what Node itself would print, as JSON lines (real process)', function () {
  this.timeout(90_000);
  let server: ServerProcess;

  before(async () => {
    server = await startServer({
      preload: [path.join(__dirname, 'console-tripwire.cjs'), path.join(__dirname, 'misbehave-on-sigusr2.cjs')],
      env: { NODE_ENV: 'test', LOG_LEVEL: 'info' },
    });
    await waitUntilReady(server, 60_000);
  });

  after(() => {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('a process warning is one warn line, an uncaught exception one fatal line with its stack, and the process exits 1', async () => {
    server.child.kill('SIGUSR2');
    expect(await exitWithin(server, 20_000)).to.equal(1);
    const lines = server
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '');
    const parsed = lines.map((line) => {
      try {
        return JSON.parse(line) as { level: number; msg: string; warning?: { code: string }; err?: { message: string; stack: string }; origin?: string };
      } catch {
        return line;
      }
    });
    expect(parsed.filter((entry) => typeof entry === 'string'), 'lines that are not JSON').to.deep.equal([]);
    const entries = parsed as Exclude<(typeof parsed)[number], string>[];
    const warning = entries.filter((e) => e.msg === 'node process warning');
    expect(warning.map((e) => [e.level, e.warning?.code])).to.deep.equal([[40, 'FINCORE_TEST_WARNING']]);
    const fatal = entries.filter((e) => e.level === 60);
    expect(fatal.map((e) => [e.msg, e.origin, e.err?.message])).to.deep.equal([['uncaught exception, exiting', 'uncaughtException', 'an exception nobody catches']]);
    expect(fatal[0].err?.stack).to.include('misbehave-on-sigusr2.cjs');
  });
});

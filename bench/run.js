// fincore against hand-written baselines, side by side in one run: see the "Benchmark" section
// of the README. Settings: BENCH_ROUNDS, BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_CASES, BENCH_USERS.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { cleanUp, onCleanup, peakRssMiB, stop } = require('./lib/processes');
const { createDatabase, seedUsers } = require('./lib/database');
const { openRedisDb } = require('./lib/redis-db');
const fincore = require('./lib/fincore');
const { startBaseline } = require('./lib/baselines');
const { medians, table } = require('./lib/stats');
const { goals } = require('./lib/goals');
const { readCases, fixedRateCase } = require('./lib/cases');
const { moneyCase } = require('./lib/money-cases');
const { ledgerBalanced } = require('./lib/accounts');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const CASES = (process.env.BENCH_CASES ?? 'read-hit,read-miss,money,fixed-rate').split(',');
const BASELINE_NAMES = (process.env.BENCH_BASELINES ?? 'express,nest,node:http').split(',');

const log = (message) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

async function main() {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fincore-bench-'));
  onCleanup(() => fs.rmSync(workDir, { recursive: true, force: true }));
  const databaseUrl = await createDatabase();
  const redis = await openRedisDb();
  const env = fincore.environment(databaseUrl, redis.url, 3100, workDir);
  log(`database ${new URL(databaseUrl).pathname.slice(1)}, Redis ${redis.url}, work dir ${workDir}`);
  await fincore.prepare(env);
  const cpfs = await seedUsers(databaseUrl, USERS);
  fs.writeFileSync(path.join(workDir, 'cpfs.txt'), `${cpfs.join('\n')}\n`);
  log(`${USERS} users seeded`);

  // The admin logs in on an instance of its own: a login hashes the password (argon2, tens of MiB
  // on a worker thread), and a measured server that did it ran about a tenth slower than one that
  // did not, in a run of the same build as both.
  const setup = await fincore.startFincore({ ...env, PORT: '3099' }, workDir);
  const token = await fincore.adminToken(setup.base);
  await stop(setup.child);

  const nodeArgs = (process.env.BENCH_FINCORE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const server = await fincore.startFincore(env, workDir, nodeArgs);
  log(`fincore ready in ${server.readySeconds.toFixed(2)} s`);
  const targets = [{ name: 'fincore', base: server.base, pid: server.child.pid }];
  for (const [i, name] of BASELINE_NAMES.entries()) {
    const b = await startBaseline(name, 3101 + i, { databaseUrl, redisUrl: redis.url, keyFile: env.JWT_PRIVATE_KEY_FILE });
    targets.push({ name, base: b.base, pid: b.child.pid });
  }

  // Another build's dist/ (an earlier commit), to price a change: a target of every case. Same
  // database, Redis and signing key, so the admin's token and the accounts serve both builds.
  let compared;
  if (process.env.BENCH_COMPARE_DIST) {
    compared = await fincore.startFincore({ ...env, PORT: '3120' }, workDir, [], process.env.BENCH_COMPARE_DIST);
    targets.push({ name: 'fincore, compared build', base: compared.base, pid: compared.child.pid });
  }
  const context = { workDir, token, cpfs, redis, targets, server, compared, databaseUrl, env };
  const results = {};
  for (const c of readCases(context).filter((c) => CASES.includes(c.id))) {
    results[c.name] = await alternate(c, c.targets ?? targets);
  }
  const hit = Object.values(results)[0];
  if (CASES.includes('fixed-rate') && CASES.includes('read-hit')) {
    const c = fixedRateCase(context, Object.fromEntries(Object.entries(hit).map(([name, m]) => [name, m.rps])));
    results[c.name] = await alternate(c, c.targets);
  }
  if (CASES.includes('money')) {
    const c = await moneyCase(context);
    results[c.name] = await alternate(c, c.targets);
  }
  const facts = { fincoreReadySeconds: server.readySeconds, rss: Object.fromEntries(targets.map((t) => [t.name, peakRssMiB(t.pid)])) };
  if (CASES.includes('money')) facts.ledgerBalanced = await ledgerBalanced(server.base, token);

  console.log(`\n${ROUNDS} rounds of ${SECONDS} s per case and target, alternated; medians.\n`);
  console.log(table(results, [...new Set(Object.values(results).flatMap(Object.keys))]));
  console.log('');
  for (const line of goals(results, facts)) console.log(line);
}

/** Warm-up, then ROUNDS rounds in which every target takes its turn, the order rotating each round. */
async function alternate(c, targets) {
  const rounds = Object.fromEntries(targets.map((t) => [t.name, []]));
  for (const t of targets) await c.round(t, WARMUP_SECONDS);
  for (let r = 0; r < ROUNDS; r++) {
    const order = targets.map((_, i) => targets[(i + r) % targets.length]);
    for (const t of order) {
      const result = await c.round(t, SECONDS);
      rounds[t.name].push(result);
      log(`${c.name} round ${r + 1}/${ROUNDS} ${t.name}: ${Math.round(result.rps)}/s`);
    }
  }
  return Object.fromEntries(Object.entries(rounds).map(([name, list]) => [name, medians(list)]));
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(cleanUp);


// Raw-SQL transfers with pg, BENCH_IN_FLIGHT at a time over the accounts in BENCH_ACCOUNTS_FILE,
// for BENCH_SECONDS; prints the same BENCH_JSON summary as the wrk scripts. BENCH_LOOP picks the
// statements: "current" (fincore's) or "minimal".
const fs = require('node:fs');
const { Pool } = require('pg');
const { currentTransfer, minimalTransfer } = require('./transfer-statements');

const accounts = fs.readFileSync(process.env.BENCH_ACCOUNTS_FILE, 'utf8').split('\n').filter(Boolean);
const transfer = process.env.BENCH_LOOP === 'minimal' ? minimalTransfer : currentTransfer;
const seconds = Number(process.env.BENCH_SECONDS);
const inFlight = Number(process.env.BENCH_IN_FLIGHT ?? 32);

async function main() {
  // The pool size of fincore's default DB_POOL_SIZE.
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const latencies = [];
  let failed = 0;
  let counter = 0;
  const prefix = `${process.pid}-${Date.now()}`;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < deadline) {
        const from = Math.floor(Math.random() * accounts.length);
        const to = (from + 1 + Math.floor(Math.random() * (accounts.length - 1))) % accounts.length;
        const t0 = performance.now();
        try {
          await transfer(pool, { key: `${prefix}-${counter++}`, from: accounts[from], to: accounts[to], amount: 1 + Math.floor(Math.random() * 100) });
          latencies.push(performance.now() - t0);
        } catch {
          failed++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await pool.end();
  latencies.sort((a, b) => a - b);
  const at = (p) => Math.round((latencies[Math.floor(p * (latencies.length - 1))] ?? 0) * 1000);
  const cpu = process.cpuUsage();
  const summary = { cpuSeconds: (cpu.user + cpu.system) / 1e6, requests: latencies.length, seconds: elapsed, non2xx: failed, socketErrors: 0, p50: at(0.5), p99: at(0.99) };
  console.log(`BENCH_JSON ${JSON.stringify(summary)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

// One round of load against a base URL with wrk (pinned to the load core), and what it measured.
const path = require('node:path');
const { run, cpuSeconds } = require('./processes');

const WRK_DIR = path.join(__dirname, '../wrk');
const FIXED_RATE = path.join(__dirname, '../loops/fixed-rate.js');
const LOOP = path.join(__dirname, '../loops/transfer-loop.js');

/**
 * Runs `script` for `seconds` with `connections` in flight; `serverPid` is charged for the CPU
 * it used meanwhile. Returns { rps, cpuUsPerRequest, p50Ms, p99Ms, non2xx, socketErrors }.
 */
async function wrkRound({ base, script, seconds, connections, env, serverPid }) {
  const cpuBefore = cpuSeconds(serverPid);
  const out = await run('load', 'wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '--latency', '-s', path.join(WRK_DIR, script), base], {
    env: { ...process.env, ...env, BENCH_WRK_DIR: WRK_DIR },
  });
  const cpu = cpuSeconds(serverPid) - cpuBefore;
  return summaryOf(out, cpu);
}

/** A raw-SQL transfer loop (bench/loops) on the server core; it reports its own CPU time. */
async function loopRound({ loop, seconds, env }) {
  const out = await run('server', process.execPath, [LOOP], { env: { ...process.env, ...env, BENCH_LOOP: loop, BENCH_SECONDS: String(seconds) } });
  return summaryOf(out);
}

/** Requests at a fixed rate from the load core (bench/loops/fixed-rate.js). */
async function fixedRateRound({ url, rate, seconds, token, serverPid }) {
  const cpuBefore = cpuSeconds(serverPid);
  const env = { ...process.env, BENCH_URL: url, BENCH_RATE: String(Math.round(rate)), BENCH_SECONDS: String(seconds), BENCH_TOKEN: token };
  const out = await run('load', process.execPath, [FIXED_RATE], { env });
  return summaryOf(out, cpuSeconds(serverPid) - cpuBefore);
}

function summaryOf(out, serverCpuSeconds) {
  const line = out.split('\n').find((l) => l.startsWith('BENCH_JSON '));
  if (!line) throw new Error(`no summary printed:\n${out}`);
  const r = JSON.parse(line.slice('BENCH_JSON '.length));
  const cpu = serverCpuSeconds ?? r.cpuSeconds;
  return {
    rps: r.requests / r.seconds,
    cpuUsPerRequest: r.requests ? (cpu * 1e6) / r.requests : NaN,
    p50Ms: r.p50 / 1000,
    p99Ms: r.p99 / 1000,
    non2xx: r.non2xx,
    socketErrors: r.socketErrors,
  };
}

module.exports = { wrkRound, loopRound, fixedRateRound, WRK_DIR };

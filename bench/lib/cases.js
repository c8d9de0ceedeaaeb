// What is measured: each case runs one round against one target and returns its numbers.
const path = require('node:path');
const { wrkRound, fixedRateRound } = require('./load');

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

function readCases({ workDir, token, cpfs, redis }) {
  const read = (script, extraEnv) => (target, seconds) =>
    wrkRound({ base: target.base, script, seconds, connections: CONNECTIONS, serverPid: target.pid, env: { BENCH_TOKEN: token, ...extraEnv } });
  const readMiss = read('read-miss.lua', { BENCH_CPFS_FILE: path.join(workDir, 'cpfs.txt') });
  return [
    { id: 'read-hit', name: 'GET /v1/users/{cpf}, admin, cache hit', round: read('read-hit.lua', { BENCH_CPF: cpfs[0] }) },
    {
      id: 'read-miss',
      name: `GET /v1/users/{cpf}, admin, cache miss (${cpfs.length} users)`,
      // An empty cache at the start of every round: the users read in earlier rounds would hit.
      round: async (target, seconds) => {
        await redis.flush();
        return readMiss(target, seconds);
      },
    },
  ];
}

/**
 * The cache-hit read at half of each target's own measured peak, for latency (G4): a server that
 * is not saturated should answer its slowest requests within a few times its typical one.
 */
function fixedRateCase({ token, cpfs, targets }, peaks) {
  const measured = targets.filter((t) => Number.isFinite(peaks[t.name]));
  return {
    id: 'fixed-rate',
    name: 'same cache-hit read at half of peak (fixed rate)',
    targets: measured,
    round: (target, seconds) =>
      fixedRateRound({ url: `${target.base}/v1/users/${cpfs[0]}`, rate: peaks[target.name] / 2, seconds, token, serverPid: target.pid }),
  };
}

module.exports = { readCases, fixedRateCase };

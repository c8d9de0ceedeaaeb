// What is measured: each case runs one round against one target and returns its numbers.
const path = require('node:path');
const { wrkRound } = require('./load');

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

module.exports = { readCases };

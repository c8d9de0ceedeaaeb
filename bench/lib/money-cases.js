// Transfers and deposits through fincore, and the raw-SQL transfer loops, alternated as one case.
const fs = require('node:fs');
const path = require('node:path');
const { wrkRound, loopRound } = require('./load');
const { openFundedAccounts } = require('./accounts');

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100);
const IN_FLIGHT = 32;

async function moneyCase({ workDir, token, cpfs, server, compared, databaseUrl }) {
  const accounts = await openFundedAccounts(server.base, token, cpfs.slice(0, ACCOUNTS));
  const accountsFile = path.join(workDir, 'accounts.txt');
  fs.writeFileSync(accountsFile, `${accounts.join('\n')}\n`);
  let keyPrefix = 0;
  const viaApi = (move, via = server) => (_target, seconds) =>
    wrkRound({
      base: via.base,
      script: 'money.lua',
      seconds,
      connections: IN_FLIGHT,
      serverPid: via.child.pid,
      env: { BENCH_TOKEN: token, BENCH_ACCOUNTS_FILE: accountsFile, BENCH_MOVE: move, BENCH_KEY_PREFIX: `${process.pid}-${keyPrefix++}` },
    });
  const loop = (name) => (_target, seconds) =>
    loopRound({ loop: name, seconds, env: { DATABASE_URL: databaseUrl, BENCH_ACCOUNTS_FILE: accountsFile, BENCH_IN_FLIGHT: String(IN_FLIGHT) } });
  const targets = [
    { name: 'fincore', round: viaApi('transfer') },
    { name: 'fincore deposits', round: viaApi('deposit') },
    { name: 'SQL loop, current statements', round: loop('current') },
    { name: 'SQL loop, minimal', round: loop('minimal') },
  ];
  // The compared build's transfers and deposits (BENCH_COMPARE_DIST), on the same accounts.
  if (compared) {
    targets.push({ name: 'fincore, compared build', round: viaApi('transfer', compared) });
    targets.push({ name: 'fincore deposits, compared build', round: viaApi('deposit', compared) });
  }
  return {
    id: 'money',
    name: `POST /v1/transfers (deposits for G5), ${IN_FLIGHT} in flight, ${ACCOUNTS} accounts`,
    targets,
    round: (target, seconds) => target.round(target, seconds),
  };
}

module.exports = { moneyCase };

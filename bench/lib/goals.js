// The goals of the performance work, as ratios of medians measured in this run.
const { goalLine } = require('./stats');

const READ_HIT = 'GET /v1/users/{cpf}, admin, cache hit';

function goals(results, facts) {
  const lines = [];
  const rate = (prefix, target) => Object.entries(results).find(([name]) => name.startsWith(prefix))?.[1][target]?.rps;
  const hit = (t) => rate(READ_HIT, t);
  if (hit('fincore') !== undefined) {
    const vsExpress = hit('fincore') / hit('express');
    const vsNest = hit('fincore') / hit('nest');
    lines.push(goalLine('G1', 'cache-hit read, fincore / Express', vsExpress, '≥ 0.90', vsExpress >= 0.9 && !(vsNest < 1)));
    if (Number.isFinite(vsNest)) lines.push(goalLine('G1', 'cache-hit read, fincore / NestJS', vsNest, '> 1.00', vsNest > 1));
    const before = hit('fincore, compared build');
    if (before !== undefined) lines.push(`cache-hit read, this build against BENCH_COMPARE_DIST: ${againstCompared(hit('fincore'), before)}`);
  }
  const miss = (t) => rate('GET /v1/users/{cpf}, admin, cache miss', t);
  if (miss('fincore') !== undefined) {
    const ratio = miss('fincore') / miss('express');
    lines.push(goalLine('G2', 'cache-miss read, fincore / Express + pg', ratio, '≥ 0.85', ratio >= 0.85));
  }
  const money = Object.entries(results).find(([name]) => name.startsWith('POST /v1/transfers'))?.[1];
  if (money) {
    const ratio = money.fincore.rps / money['SQL loop, minimal'].rps;
    const balanced = facts.ledgerBalanced === true;
    lines.push(goalLine('G3', `transfers, fincore / minimal SQL loop (ledger balanced afterwards: ${balanced})`, ratio, '≥ 0.60', ratio >= 0.6 && balanced));
    const deposits = money['fincore deposits'].rps / money.fincore.rps;
    lines.push(goalLine('G5', 'deposits / transfers, both fincore, 32 in flight', deposits, '≥ 0.80', deposits >= 0.8));
    const compared = money['fincore, compared build'];
    if (compared) {
      lines.push(`transfers, this build against BENCH_COMPARE_DIST: ${againstCompared(money.fincore.rps, compared.rps)}`);
    }
    const comparedDeposits = money['fincore deposits, compared build'];
    if (comparedDeposits) {
      lines.push(`deposits, this build against BENCH_COMPARE_DIST: ${againstCompared(money['fincore deposits'].rps, comparedDeposits.rps)}`);
    }
  }
  const fixed = Object.entries(results).find(([name]) => name.startsWith('same cache-hit read at half'))?.[1]?.fincore;
  if (fixed) {
    const ratio = fixed.p99Ms / fixed.p50Ms;
    lines.push(goalLine('G4', `p99 / p50 at half of peak (${fixed.p99Ms.toFixed(2)} / ${fixed.p50Ms.toFixed(2)} ms)`, ratio, '≤ 3', ratio <= 3));
  }
  const rss = Object.entries(facts.rss).map(([name, mib]) => `${name} ${mib.toFixed(0)} MiB`).join(', ');
  lines.push(goalLine('G4', `fincore peak RSS in MiB (VmHWM; ${rss})`, facts.rss.fincore, '≤ 150', facts.rss.fincore <= 150));
  lines.push(goalLine('G4', 'fincore seconds from spawn to ready on PostgreSQL', facts.fincoreReadySeconds, '< 2', facts.fincoreReadySeconds < 2));
  return lines;
}

function againstCompared(rate, before) {
  const change = rate / before - 1;
  return `${rate.toFixed(0)}/s vs ${before.toFixed(0)}/s, ${Math.abs(change * 100).toFixed(1)} % ${change >= 0 ? 'faster' : 'slower'}`;
}

module.exports = { goals };

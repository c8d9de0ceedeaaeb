// Medians over rounds, and the table and goal lines printed at the end.
const median = (values) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** { rps, cpuUsPerRequest, ... } medians of a list of round results. */
function medians(rounds) {
  const keys = Object.keys(rounds[0] ?? {});
  return Object.fromEntries(keys.map((k) => [k, median(rounds.map((r) => r[k]))]));
}

const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '-');

/** A markdown table: one row per case, one column per target (median rate, CPU per request). */
function table(results, targets) {
  const lines = [`| case | ${targets.join(' | ')} |`, `|---|${targets.map(() => '---:').join('|')}|`];
  for (const [name, byTarget] of Object.entries(results)) {
    const cells = targets.map((t) => {
      const m = byTarget[t];
      if (!m) return '';
      const errors = m.non2xx + m.socketErrors > 0 ? `, ${fmt(m.non2xx + m.socketErrors)} errors` : '';
      return `${fmt(m.rps)}/s, ${fmt(m.cpuUsPerRequest)} µs CPU, p50 ${fmt(m.p50Ms, 2)} / p99 ${fmt(m.p99Ms, 2)} ms${errors}`;
    });
    lines.push(`| ${name} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** "G1 ... 0.27x (goal ≥ 0.90x): not met" */
function goalLine(id, what, ratio, goal, met) {
  return `${id} ${what}: ${Number.isFinite(ratio) ? ratio.toFixed(2) : '-'} (goal ${goal}): ${met ? 'met' : 'not met'}`;
}

module.exports = { median, medians, table, goalLine, fmt };

// Where a CPU profile's time went: `node bench/profile-summary.js FILE.cpuprofile [TOP]` prints the
// self time per package (node_modules/<name>, fincore's own dist/, Node's internals, the garbage
// collector) and the busiest functions, as shares of busy (non-idle) time.
const fs = require('node:fs');

const [file, top = '25'] = process.argv.slice(2);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const selfMs = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfMs.set(id, (selfMs.get(id) ?? 0) + profile.timeDeltas[i] / 1000);
}

function packageOf({ url, functionName }) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dep) return dep[1];
  if (url.includes('/dist/')) return 'fincore (dist/)';
  return url.startsWith('node:') ? 'node internals' : url;
}

const byPackage = new Map();
const byFunction = new Map();
let busy = 0;
for (const [id, ms] of selfMs) {
  const { callFrame } = nodes.get(id);
  if (callFrame.functionName === '(idle)') continue;
  busy += ms;
  const pkg = packageOf(callFrame);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
  const fn = `${callFrame.functionName || '(anonymous)'} ${pkg}:${callFrame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
}

const print = (title, map) => {
  console.log(`\n${title}`);
  for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
    console.log(`${((ms / busy) * 100).toFixed(1).padStart(6)} %  ${name}`);
  }
};
console.log(`busy ${(busy / 1000).toFixed(2)} s of ${((profile.endTime - profile.startTime) / 1e6).toFixed(2)} s sampled`);
print('self time by package', byPackage);
print('self time by function', byFunction);

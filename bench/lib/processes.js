// Child processes of a bench run: pinned to a core where taskset exists, and all of them killed
// when the run ends, fails or is interrupted (Ctrl-C), so no server is left holding a port.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');

const HAS_TASKSET = spawnSync('taskset', ['-V']).status === 0;
const children = new Set();
const cleanups = [];

/** Server on core 0, load generator on core 1; one core machines get no pinning. */
const CORES = { server: '0', load: '1' };

function pinned(role, command, args) {
  return HAS_TASKSET ? ['taskset', ['-c', CORES[role], command, ...args]] : [command, args];
}

function start(role, command, args, options = {}) {
  const [cmd, argv] = pinned(role, command, args);
  const child = spawn(cmd, argv, { stdio: options.stdio ?? ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env, cwd: options.cwd });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Runs to completion and resolves with its stdout; rejects with its stderr on a non-zero exit. */
function run(role, command, args, options = {}) {
  const child = start(role, command, args, { ...options, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  if (options.input !== undefined) child.stdin.end(options.input);
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')}: exit ${code}\n${err}`)))),
  );
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Registers an async clean-up step (drop a database, flush a Redis db), run last-in first-out. */
function onCleanup(step) {
  cleanups.push(step);
}

async function cleanUp() {
  await Promise.all([...children].map(stop));
  while (cleanups.length) {
    try {
      await cleanups.pop()();
    } catch (error) {
      console.error(`clean-up: ${error.message}`);
    }
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping servers and dropping the bench database`);
    cleanUp().finally(() => process.exit(130));
  });
}

/** CPU seconds a process has used so far (user + system), from /proc. */
function cpuSeconds(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
}

/** Peak resident set size in MiB (VmHWM). */
function peakRssMiB(pid) {
  const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

module.exports = { start, run, stop, onCleanup, cleanUp, cpuSeconds, peakRssMiB, HAS_TASKSET };

/**
 * Start-up time of the real server: from spawn to the first 200 on /health/ready, on an empty
 * embedded database (migrations, dev key generation) and on a second start of the same DATA_DIR.
 *
 *   npx tsx scripts/measure-startup.ts [--runs 3] [--compiled]
 *
 * --compiled measures dist/src/main.js (run `npm run build` first); the default runs src through tsx.
 */
import fs from 'node:fs';
import path from 'node:path';
import { exitWithin, startServer, waitUntilReady } from '../test/process/server-process';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return undefined;
  const value = process.argv[index + 1];
  return value === undefined || value.startsWith('--') ? 'true' : value;
}

async function timeOneStart(compiled: boolean, dataDir?: string): Promise<{ ms: number; dataDir: string }> {
  const server = await startServer({ compiled, dataDir, env: { SHUTDOWN_DRAIN_MS: '0' } });
  try {
    const ms = await waitUntilReady(server, 120_000);
    server.child.kill('SIGTERM');
    const code = await exitWithin(server, 20_000);
    if (code !== 0) throw new Error(`server exited with ${code}:\n${server.output()}`);
    return { ms, dataDir: server.dataDir };
  } catch (error) {
    server.child.kill('SIGKILL');
    throw error;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const runs = Number(option('runs') ?? 3);
  const compiled = option('compiled') === 'true';
  if (compiled && !fs.existsSync(path.resolve(__dirname, '../dist/src/main.js'))) throw new Error('dist/src/main.js is missing: run `npm run build` first');
  const first: number[] = [];
  const second: number[] = [];
  for (let run = 0; run < runs; run++) {
    const cold = await timeOneStart(compiled);
    const warm = await timeOneStart(compiled, cold.dataDir);
    fs.rmSync(cold.dataDir, { recursive: true, force: true });
    first.push(cold.ms);
    second.push(warm.ms);
  }
  const show = (values: number[]) => `median ${median(values)} ms (runs: ${values.join(', ')} ms)`;
  console.log(`start-up to /health/ready 200, ${compiled ? 'compiled dist/src/main.js' : 'src/main.ts through tsx'}, embedded database, Node ${process.version}`);
  console.log(`  first start (empty DATA_DIR: migrations, dev key): ${show(first)}`);
  console.log(`  second start (same DATA_DIR):                      ${show(second)}`);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});

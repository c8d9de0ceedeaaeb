/**
 * The README's shell blocks, run as written against a freshly started server (its own free port,
 * an empty embedded database in a temporary DATA_DIR), in one bash so variables carry over. With
 * the seed before and after: the seed and the walk-throughs must not take each other's people.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeFailure, extractShellBlocks, runShellBlocks, type ShellBlock } from '../../scripts/readme-blocks';
import { exitWithin, type ServerProcess, startServer, waitUntilReady } from '../process/server-process';

const ROOT = path.resolve(__dirname, '../..');
const SEED_ADMIN = { cpf: '39053344705', password: 'demo-password-2024' };

function runSeed(dataDir: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(ROOT, 'scripts/seed.ts')], {
    cwd: dataDir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME ?? dataDir, TSX_TSCONFIG_PATH: path.join(ROOT, 'tsconfig.json'), NODE_ENV: 'development', DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The first admin is created once the port is taken, so its line may follow readiness by a moment. */
async function firstAdminOf(server: ServerProcess): Promise<{ cpf: string; password: string }> {
  const started = Date.now();
  for (;;) {
    const exported = /export ADMIN_CPF=(\d{11}) ADMIN_PASSWORD=(\S+)/.exec(server.output());
    if (exported) return { cpf: exported[1], password: exported[2] };
    if (Date.now() - started > 30_000) throw new Error(`no first-admin export line in the server output:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Example answers the README shows in full (a `# {...}` comment line without an ellipsis). */
function fullAnswersShown(blocks: ShellBlock[]): string[] {
  const lines = blocks.filter((b) => !b.skip).flatMap((b) => b.code.split('\n'));
  return lines.flatMap((line) => /^# (\{.*\})$/.exec(line)?.[1] ?? []).filter((answer) => !answer.includes('…') && !answer.includes('...'));
}

async function walkThrough(server: ServerProcess, admin: { cpf: string; password: string }, blocks: ShellBlock[]): Promise<string> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, API: server.baseUrl, ADMIN_CPF: admin.cpf, ADMIN_PASSWORD: admin.password };
  const run = await runShellBlocks(blocks, env, 60_000);
  expect(run.status, describeFailure(run)).to.equal(0);
  return run.output;
}

async function stop(server: ServerProcess): Promise<void> {
  server.child.kill('SIGTERM');
  expect(await exitWithin(server, 20_000), server.output()).to.equal(0);
}

describe('README shell blocks, run as written', function () {
  this.timeout(180_000);
  const blocks = extractShellBlocks(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
  const dirs: string[] = [];
  const servers: ServerProcess[] = [];
  const freshDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fincore-readme-'));
    dirs.push(dir);
    return dir;
  };
  const serve = async (dataDir: string) => {
    const server = await startServer({ dataDir, env: { LOG_LEVEL: 'info', SHUTDOWN_DRAIN_MS: '0' } });
    servers.push(server);
    await waitUntilReady(server, 60_000);
    return server;
  };

  after(() => {
    for (const server of servers) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds the walk-throughs, and skips only blocks that say why', () => {
    const run = blocks.filter((b) => !b.skip);
    expect(run.length, 'shell blocks to run').to.be.at.least(2);
    expect(run.map((b) => b.code).join('\n')).to.include('$API/v1/ledger/integrity');
    for (const block of blocks.filter((b) => b.skip)) expect(block.skip, `README.md line ${block.line}`).to.match(/^\(.{10,}\)$/);
  });

  it('runs on a fresh start as its first admin, then `npm run seed` adds its own people and accounts', async () => {
    const dataDir = freshDir();
    const server = await serve(dataDir);
    expect(server.output()).to.include(`fincore listening: API ${server.baseUrl}, docs ${server.baseUrl}/docs/, health ${server.baseUrl}/health/ready`);
    const output = await walkThrough(server, await firstAdminOf(server), blocks);
    // On a fresh start the answers are known exactly: one shown in full must be the real one.
    const shown = fullAnswersShown(blocks);
    expect(shown, 'the integrity answer is shown in full').to.have.length.at.least(1);
    for (const answer of shown) expect(output, 'an answer the README shows in full').to.include(answer);
    await stop(server);

    const seed = runSeed(dataDir);
    expect(seed.status, seed.output).to.equal(0);
    expect(seed.output).to.not.include('kept');
    for (const cpf of [SEED_ADMIN.cpf, '27483916320', '61520739877']) expect(seed.output).to.match(new RegExp(`created user .*cpf ${cpf}  password ${SEED_ADMIN.password}`));
    expect(seed.output.match(/created account .* balance BRL 1000\.00/g) ?? []).to.have.length(2);
  });

  it('runs after `npm run seed` on an empty database, as the seed admin', async () => {
    const dataDir = freshDir();
    const seed = runSeed(dataDir);
    expect(seed.status, seed.output).to.equal(0);
    const server = await serve(dataDir);
    expect(server.output(), 'no first-start admin on a seeded database').to.not.include('ADMIN_CPF=');
    await walkThrough(server, SEED_ADMIN, blocks);
    await stop(server);
  });
});

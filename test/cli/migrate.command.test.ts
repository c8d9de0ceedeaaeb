import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { spawnCli } from '../helpers/cli';


describe('CLI migrate commands (embedded database)', function () {
  this.timeout(120_000);
  let dataDir: string;
  let holder: ChildProcess | undefined;

  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fincore-cli-'));
  });
  after(() => {
    holder?.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the commands without one, and refuses an unknown one with exit code 2', () => {
    const usage = spawnCli(dataDir);
    expect(usage.status).to.equal(0);
    expect(usage.stdout).to.contain('migrate').and.contain('migrate:rollback');
    const unknown = spawnCli(dataDir, 'nope');
    expect(unknown.status).to.equal(2);
    expect(unknown.stderr).to.contain('unknown command "nope"');
  });

  it('migrate applies every migration once, then has nothing to do', () => {
    const first = spawnCli(dataDir, 'migrate');
    expect(first.status, first.stderr).to.equal(0);
    expect(first.stderr).to.match(/batch 1: applied 20261123000100_create_users/);
    const again = spawnCli(dataDir, 'migrate');
    expect(again.status, again.stderr).to.equal(0);
    expect(again.stderr).to.contain('already up to date');
  });

  it('migrate:rollback undoes the last batch', () => {
    const result = spawnCli(dataDir, 'migrate:rollback');
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stderr).to.match(/batch 1: rolled back .*20261123000100_create_users/);
    expect(spawnCli(dataDir, 'migrate:rollback').stderr).to.contain('nothing to roll back');
  });

  it('says plainly, with exit code 1 and no stack trace, that a running server holds the database', async () => {
    holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    await new Promise((resolve) => holder!.once('spawn', resolve));
    fs.writeFileSync(path.join(dataDir, 'fincore.lock'), String(holder.pid));
    const result = spawnCli(dataDir, 'migrate');
    expect(result.status).to.equal(1);
    expect(result.stderr).to.contain(`in use by process ${holder.pid}`);
    expect(result.stderr).to.not.match(/\n\s+at /);
    expect(fs.readFileSync(path.join(dataDir, 'fincore.lock'), 'utf8')).to.equal(String(holder.pid));
  });
});

import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { EmbeddedDatabaseBusyError, acquireEmbeddedLock } from '../../../../src/infra/database/embedded/embedded-lock';

/** A process that stays alive until killed, to stand for a running server. */
function liveProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  return new Promise((resolve, reject) => child.once('spawn', () => resolve(child)).once('error', reject));
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

describe('acquireEmbeddedLock', () => {
  let dir: string;
  let lockFile: string;
  const children: ChildProcess[] = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fincore-lock-'));
    lockFile = path.join(dir, 'fincore.lock');
  });
  afterEach(async () => {
    for (const child of children.splice(0)) {
      child.kill('SIGKILL');
      await exited(child);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes our pid into the lock file and removes it on release', () => {
    const release = acquireEmbeddedLock(dir);
    expect(fs.readFileSync(lockFile, 'utf8')).to.equal(String(process.pid));
    release();
    expect(fs.existsSync(lockFile)).to.equal(false);
  });

  it('creates the data folder when missing', () => {
    const nested = path.join(dir, 'a', 'b');
    const release = acquireEmbeddedLock(nested);
    expect(fs.existsSync(path.join(nested, 'fincore.lock'))).to.equal(true);
    release();
  });

  it('refuses with EmbeddedDatabaseBusyError while a live process holds the lock, and leaves its lock alone', async () => {
    const owner = await liveProcess();
    children.push(owner);
    fs.writeFileSync(lockFile, String(owner.pid));
    let error: unknown;
    try {
      acquireEmbeddedLock(dir);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(EmbeddedDatabaseBusyError);
    expect((error as EmbeddedDatabaseBusyError).pid).to.equal(owner.pid);
    expect((error as Error).message).to.contain(`process ${owner.pid}`).and.contain('DATABASE_URL');
    expect(fs.readFileSync(lockFile, 'utf8')).to.equal(String(owner.pid));
  });

  it('takes over a lock left by a process that has died', async () => {
    const owner = await liveProcess();
    owner.kill('SIGKILL');
    await exited(owner);
    fs.writeFileSync(lockFile, String(owner.pid));
    const release = acquireEmbeddedLock(dir);
    expect(fs.readFileSync(lockFile, 'utf8')).to.equal(String(process.pid));
    release();
  });

  for (const content of ['', 'garbage', '-5', '0']) {
    it(`takes over a lock file holding ${JSON.stringify(content)}`, () => {
      fs.writeFileSync(lockFile, content);
      const release = acquireEmbeddedLock(dir);
      expect(fs.readFileSync(lockFile, 'utf8')).to.equal(String(process.pid));
      release();
    });
  }
});

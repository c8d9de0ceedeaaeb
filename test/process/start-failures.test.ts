import { expect } from 'chai';
import fs from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { exitWithin, freePort, startServer, waitUntilReady } from './server-process';

const ADMIN_BANNER = 'an admin was created';
const lines = (output: string) => output.split('\n').filter((line) => line.trim() !== '');

describe('start-up failures of the real server process', function () {
  this.timeout(90_000);
  const dataDirs: string[] = [];
  after(() => dataDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('a busy port: one clear line, exit 1, and the first admin is still shown on the next start', async () => {
    const port = await freePort();
    const squatter = net.createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => squatter.once('listening', resolve));

    const refused = await startServer({ env: { PORT: String(port) } });
    dataDirs.push(refused.dataDir);
    expect(await exitWithin(refused, 60_000)).to.equal(1);
    expect(lines(refused.output())).to.deep.equal([`fincore failed to start: address already in use 127.0.0.1:${port} (PORT/HOST: another process is listening there)`]);
    await new Promise((resolve) => squatter.close(resolve));

    // The same data folder, on the port the helper chose this time.
    const second = await startServer({ dataDir: refused.dataDir });
    await waitUntilReady(second, 60_000);
    // The admin is created once the port is ours, so the banner may follow readiness by a moment.
    for (let waited = 0; !second.output().includes(ADMIN_BANNER) && waited < 30_000; waited += 50) await sleep(50);
    second.child.kill('SIGTERM');
    expect(await exitWithin(second, 15_000)).to.equal(0);
    expect(second.output()).to.include(ADMIN_BANNER);
  });

  it('an unreachable database: exit 1 with a clean last line and no stack trace', async () => {
    const closedPort = await freePort();
    const server = await startServer({ env: { DATABASE_URL: `postgres://postgres@127.0.0.1:${closedPort}/fincore` } });
    dataDirs.push(server.dataDir);
    expect(await exitWithin(server, 60_000)).to.equal(1);
    const output = lines(server.output());
    expect(output.filter((line) => /^\s+at /.test(line)), server.output()).to.deep.equal([]);
    expect(output.at(-1)).to.equal(`fincore failed to start: connect ECONNREFUSED 127.0.0.1:${closedPort}`);
  });
});

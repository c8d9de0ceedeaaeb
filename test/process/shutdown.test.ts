import { expect } from 'chai';
import fs from 'node:fs';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { aCpf } from '../helpers/cpf';
import { type Answer, type ServerProcess, exitWithin, get, startServer, waitUntilReady } from './server-process';

const DRAIN_MS = 300;

/** A POST whose headers arrive now and whose body arrives only when `finish()` is called. */
function slowPost(baseUrl: string, path: string, body: string) {
  const req = http.request(`${baseUrl}${path}`, {
    method: 'POST',
    agent: false,
    headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
  });
  const answered = new Promise<Answer>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
  });
  const half = Math.floor(body.length / 2);
  req.write(body.slice(0, half));
  return { answered, finish: () => req.end(body.slice(half)) };
}

describe('graceful shutdown of the real server process', function () {
  this.timeout(90_000);
  let server: ServerProcess;

  before(async () => {
    const runDatabase = process.env.FINCORE_TEST_RUN_DATABASE_URL;
    server = await startServer({
      env: {
        SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
        ...(runDatabase ? { DATABASE_URL: runDatabase } : {}),
        ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
      },
    });
    await waitUntilReady(server, 60_000);
  });

  after(async () => {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('fails readiness while draining, finishes an accepted request, refuses new connections, and exits 0', async () => {
    const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const before = await get(`${server.baseUrl}/health/ready`, keepAlive);
    expect(before.status).to.equal(200);

    // Accepted before the signal: headers are in, the body is still on its way.
    const cpf = aCpf();
    const inFlight = slowPost(server.baseUrl, '/v1/users', JSON.stringify({ cpf, name: 'Drain Tester', email: `drain.${cpf}@example.com` }));
    await sleep(100);

    const signalledAt = Date.now();
    server.child.kill('SIGTERM');

    // Readiness turns 503 while the listener is still open, on the balancer's pooled keep-alive connection.
    let draining: Answer | undefined;
    while (!draining && Date.now() - signalledAt < 5_000) {
      const answer = await get(`${server.baseUrl}/health/ready`, keepAlive).catch(() => undefined);
      if (answer === undefined) break;
      if (answer.status === 503) draining = answer;
      else await sleep(10);
    }
    expect(draining, 'readiness never answered 503 before the listener closed').to.not.equal(undefined);
    expect(JSON.parse(draining!.body)).to.include({ status: 'fail', output: 'shutting down' });
    expect(draining!.headers.connection).to.equal('close');

    // After the drain the listener is closed: new connections are refused...
    await sleep(DRAIN_MS + 200);
    const refused = await get(`${server.baseUrl}/health/live`).then(
      (answer) => `answered ${answer.status}`,
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect(refused).to.equal('ECONNREFUSED');

    // ...but the request accepted before it still completes.
    inFlight.finish();
    const created = await inFlight.answered;
    expect(created.status, created.body).to.equal(201);
    expect(JSON.parse(created.body).cpf).to.equal(cpf);

    expect(await exitWithin(server, 15_000)).to.equal(0);
    keepAlive.destroy();
  });
});

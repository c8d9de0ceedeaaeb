import fs from 'node:fs';
import { expect } from 'chai';
import { type NatsConnection, StringCodec, connect } from 'nats';
import { type ServerProcess, startServer, waitUntilReady } from './server-process';

const NATS_URL = process.env.TEST_NATS_URL;
const codec = StringCodec();
// No poll within the test: only the round right after each commit, and the one at start.
const POLL_MS = '3600000';

async function call(server: ServerProcess, method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Idempotency-Key': `crash-${Date.now()}-${Math.random()}` };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(server.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/**
 * A server killed after a transfer committed but before its event reached NATS: the restarted
 * server publishes it. The first server's NATS is unreachable, so the event is certainly
 * undelivered when it dies (SIGKILL: no shutdown code runs). Embedded database, kept in DATA_DIR
 * across the restart.
 */
(NATS_URL ? describe : describe.skip)('an event undelivered when the server is killed (TEST_NATS_URL)', function () {
  this.timeout(120_000);
  let server: ServerProcess | undefined;
  let nc: NatsConnection;
  let dataDir: string | undefined;

  before(async () => {
    nc = await connect({ servers: NATS_URL });
  });
  after(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await nc?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is published by the next start', async () => {
    server = await startServer({ env: { EVENTS_POLL_INTERVAL_MS: POLL_MS, NATS_URL: 'nats://127.0.0.1:1' } });
    dataDir = server.dataDir;
    await waitUntilReady(server, 60_000);
    // The first admin is printed once the port is listening: a moment after readiness.
    for (let i = 0; i < 100 && !/password:/.test(server.output()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    const cpf = /CPF:\s+(\d{11})/.exec(server.output())?.[1];
    const password = /password:\s+(\S+)/.exec(server.output())?.[1];
    const login = await call(server, 'POST', '/v1/auth/login', null, { cpf, password });
    expect(login.status, JSON.stringify(login.body)).to.equal(200);
    const token = login.body.accessToken as string;
    const from = await call(server, 'POST', '/v1/accounts', token, { currency: 'BRL' });
    const to = await call(server, 'POST', '/v1/accounts', token, { currency: 'BRL' });
    expect((await call(server, 'POST', `/v1/accounts/${from.body.id as string}/deposits`, token, { amount: 500, currency: 'BRL', source: 'tok_visa' })).status).to.equal(201);
    const transfer = await call(server, 'POST', '/v1/transfers', token, { fromAccountId: from.body.id, toAccountId: to.body.id, amount: 200, currency: 'BRL' });
    expect(transfer.status, JSON.stringify(transfer.body)).to.equal(201);

    server.child.kill('SIGKILL');
    await server.exited;

    const arrived = new Promise<Record<string, unknown>>((resolve) => {
      const subscription = nc.subscribe('fincore.events.transaction.posted');
      void (async () => {
        for await (const message of subscription) {
          const event = JSON.parse(codec.decode(message.data)) as { data: { id: string } };
          if (event.data.id === transfer.body.id) {
            subscription.unsubscribe();
            resolve(event);
          }
        }
      })();
    });
    server = await startServer({ dataDir, env: { EVENTS_POLL_INTERVAL_MS: POLL_MS, NATS_URL: NATS_URL as string } });
    await waitUntilReady(server, 60_000);

    const event = await arrived;
    expect(event).to.include({ type: 'transaction.posted' });
    expect(event.data).to.deep.equal(transfer.body);
    const relogin = await call(server, 'POST', '/v1/auth/login', null, { cpf, password });
    const feed = await call(server, 'GET', '/v1/events?limit=100', relogin.body.accessToken as string);
    const items = feed.body.items as { id: string; data: { id: string } }[];
    expect(items.filter((e) => e.data.id === transfer.body.id)).to.have.length(1);
  });
});

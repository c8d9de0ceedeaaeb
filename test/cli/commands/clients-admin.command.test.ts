import { expect } from 'chai';
import request from 'supertest';
import { COMMANDS } from '../../../src/cli/commands';
import { clientsDisableCommand, clientsListCommand, clientsRotateSecretCommand } from '../../../src/cli/commands/clients-admin.command';
import { clientsCreateCommand } from '../../../src/cli/commands/clients-create.command';
import type { FincoreApp } from '../../../src/config/composition-root';
import { createTestApp } from '../../helpers/app';
import { runCommand } from '../../helpers/cli';

/** Revocation reaches every instance within this bound (the session memo and the shared cache expire). */
const REVOCATION_BOUND_MS = 5_000;

describe('CLI: clients:list, clients:disable, clients:rotate-secret', () => {
  let app: FincoreApp;

  before(async function () {
    this.timeout(60_000);
    app = await createTestApp();
  });
  after(async () => {
    await app.close();
  });

  async function aClient(): Promise<{ clientId: string; clientSecret: string }> {
    const created = await runCommand(app, clientsCreateCommand, ['--name', 'reports', '--scopes', 'users:read']);
    return JSON.parse(created.out[0]);
  }
  const tokenFor = (clientId: string, clientSecret: string) =>
    request(app.http).post('/v1/auth/token').type('form').send({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
  const listUsers = (token: string) => request(app.http).get('/v1/users').set('Authorization', `Bearer ${token}`);

  /** Polls until the token is refused; returns how long that took. */
  async function refusedWithin(token: string): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < REVOCATION_BOUND_MS) {
      if ((await listUsers(token)).status === 401) return Date.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return expect.fail(`token still honoured ${REVOCATION_BOUND_MS} ms after the change`);
  }

  it('are registered', () => {
    expect(COMMANDS.map((c) => c.name)).to.include.members(['clients:list', 'clients:disable', 'clients:rotate-secret']);
  });

  it('clients:list prints one JSON line per client, never a secret or its digest', async () => {
    const { clientId, clientSecret } = await aClient();
    const result = await runCommand(app, clientsListCommand);
    expect(result.code).to.equal(0);
    const listed = result.out.map((line) => JSON.parse(line));
    expect(listed.find((client) => client.clientId === clientId)).to.deep.include({ name: 'reports', scopes: ['users:read'], isActive: true });
    expect(result.out.join('\n')).to.not.include(clientSecret);
    expect(Object.keys(listed[0])).to.deep.equal(['clientId', 'name', 'scopes', 'isActive', 'createdAt']);
  });

  it('clients:disable: no new token, and a token issued before stops working within seconds', async () => {
    const { clientId, clientSecret } = await aClient();
    const token = (await tokenFor(clientId, clientSecret)).body.access_token;
    expect((await listUsers(token)).status).to.equal(200);

    const result = await runCommand(app, clientsDisableCommand, ['--client-id', clientId]);
    expect(result.code).to.equal(0);
    await refusedWithin(token);
    expect((await tokenFor(clientId, clientSecret)).body.error).to.equal('invalid_client');
    expect((await runCommand(app, clientsDisableCommand, ['--client-id', clientId])).code).to.equal(1);
  });

  it('clients:rotate-secret prints a new secret once; the old secret and old tokens stop working, the new secret works', async () => {
    const { clientId, clientSecret } = await aClient();
    const token = (await tokenFor(clientId, clientSecret)).body.access_token;
    const result = await runCommand(app, clientsRotateSecretCommand, ['--client-id', clientId]);
    expect(result.code).to.equal(0);
    const rotated = JSON.parse(result.out[0]);
    expect(rotated.clientId).to.equal(clientId);
    expect(rotated.clientSecret).to.match(/^[A-Za-z0-9_-]{43}$/).and.not.equal(clientSecret);
    expect((await tokenFor(clientId, clientSecret)).body.error).to.equal('invalid_client');
    await refusedWithin(token);
    const fresh = await tokenFor(clientId, rotated.clientSecret);
    expect(fresh.status).to.equal(200);
    expect((await listUsers(fresh.body.access_token)).status).to.equal(200);
  });

  it('an unknown client id or a missing option is exit 1 with a message, and changes nothing', async () => {
    const before = await app.db('service_clients').select('client_id', 'secret_hash', 'is_active').orderBy('client_id');
    const unknown = await runCommand(app, clientsRotateSecretCommand, ['--client-id', 'svc_nobody']);
    expect(unknown.code).to.equal(1);
    expect(unknown.err.join('\n')).to.include('svc_nobody');
    const missing = await runCommand(app, clientsDisableCommand, []);
    expect(missing.code).to.equal(1);
    expect(missing.err.join('\n')).to.include('usage: clients:disable --client-id');
    expect(await app.db('service_clients').select('client_id', 'secret_hash', 'is_active').orderBy('client_id')).to.deep.equal(before);
  });
});

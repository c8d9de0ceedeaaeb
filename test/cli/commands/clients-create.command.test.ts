import { expect } from 'chai';
import request from 'supertest';
import { COMMANDS } from '../../../src/cli/commands';
import { clientsCreateCommand } from '../../../src/cli/commands/clients-create.command';

import { digestToken } from '../../../src/infra/security/opaque-token';
import { useTestApp } from '../../helpers/app';
import { runCommand } from '../../helpers/cli';

describe('CLI: clients:create', () => {
  const testApp = useTestApp();

  it('is registered', () => {
    expect(COMMANDS.map((c) => c.name)).to.include('clients:create');
  });

  it('prints {clientId, clientSecret, scopes} once as JSON; only a digest of the secret is stored; the client gets tokens', async () => {
    const result = await runCommand(testApp.app, clientsCreateCommand, ['--name', 'billing', '--scopes', 'payments:write accounts:read']);
    expect(result.code).to.equal(0);
    expect(result.out).to.have.length(1);
    const printed = JSON.parse(result.out[0]);
    expect(Object.keys(printed)).to.deep.equal(['clientId', 'clientSecret', 'scopes']);
    expect(printed.scopes).to.deep.equal(['accounts:read', 'payments:write']);
    expect(printed.clientSecret).to.match(/^[A-Za-z0-9_-]{43}$/);

    const row = await testApp.app.db('service_clients').where({ client_id: printed.clientId }).first();
    expect(row).to.include({ name: 'billing', is_active: true, secret_hash: digestToken(printed.clientSecret) });
    expect(JSON.stringify(row)).to.not.include(printed.clientSecret);

    const token = await request(testApp.app.http)
      .post('/v1/auth/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: printed.clientId, client_secret: printed.clientSecret });
    expect(token.status).to.equal(200);
    expect(token.body.scope).to.equal('accounts:read payments:write');
  });

  it('two clients never share an id or a secret', async () => {
    const [a, b] = await Promise.all([runCommand(testApp.app, clientsCreateCommand, ['--name', 'a', '--scopes', 'users:read']), runCommand(testApp.app, clientsCreateCommand, ['--name', 'b', '--scopes', 'users:read'])]);
    const [pa, pb] = [JSON.parse(a.out[0]), JSON.parse(b.out[0])];
    expect(pa.clientId).to.not.equal(pb.clientId);
    expect(pa.clientSecret).to.not.equal(pb.clientSecret);
  });

  it('refuses an unknown scope, no scope, or missing options (exit 1, nothing stored)', async () => {
    const before = await testApp.app.db('service_clients').count<{ n: string }[]>('* as n');
    for (const args of [['--name', 'x', '--scopes', 'users:read root'], ['--name', 'x', '--scopes', ''], ['--name', 'x'], ['--scopes', 'users:read'], ['--name', '--scopes', 'users:read']]) {
      const result = await runCommand(testApp.app, clientsCreateCommand, args);
      expect(result.code, args.join(' ')).to.equal(1);
      expect(result.out).to.deep.equal([]);
      expect(result.err.join('\n')).to.not.equal('');
    }
    expect(await testApp.app.db('service_clients').count<{ n: string }[]>('* as n')).to.deep.equal(before);
  });
});

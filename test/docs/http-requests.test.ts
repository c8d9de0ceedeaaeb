/**
 * The request collection (requests/*.http) run in order against the real app: every request
 * answers 2xx, or the 4xx its title names ("... a problem+json 401").
 */
import { expect } from 'chai';
import path from 'node:path';
import request from 'supertest';
import { clientsCreateCommand } from '../../src/cli/commands/clients-create.command';
import { usersCreateAdminCommand } from '../../src/cli/commands/users-create-admin.command';
import type { FincoreApp } from '../../src/config/composition-root';
import { createTestApp } from '../helpers/app';
import { runCommand } from '../helpers/cli';
import { aCpf } from '../helpers/cpf';
import { parseHttpFile, resolve } from '../helpers/http-file';

const REQUESTS = path.resolve(__dirname, '../../requests');

describe('request collection (requests/*.http)', function () {
  this.timeout(60_000);
  let app: FincoreApp;
  const settings: Record<string, string> = {};

  before(async () => {
    app = await createTestApp();
    settings.adminCpf = aCpf();
    settings.adminPassword = 'an admin password for the collection';
    const admin = await runCommand(app, usersCreateAdminCommand, ['--cpf', settings.adminCpf, '--name', 'Ana Admin', '--email', 'ana@example.com'], `${settings.adminPassword}\n`);
    expect(admin.code, admin.err.join('\n')).to.equal(0);
    const client = await runCommand(app, clientsCreateCommand, ['--name', 'reports', '--scopes', 'users:read accounts:read']);
    expect(client.code, client.err.join('\n')).to.equal(0);
    const { clientId, clientSecret } = JSON.parse(client.out[0]) as { clientId: string; clientSecret: string };
    Object.assign(settings, { clientId, clientSecret });
  });
  after(async () => {
    await app.close();
  });

  // In this order: the money walk-through uses Maria, whom the first session registers.
  for (const file of ['first-session.http', 'accounts-and-money.http', 'service-client.http']) {
    it(`${file} runs top to bottom`, async () => {
      const { variables, requests } = parseHttpFile(path.join(REQUESTS, file));
      expect(requests.length).to.be.at.least(2);
      // The test app's admin and client instead of the placeholders; the app itself instead of {{api}}.
      const vars = { ...variables, ...settings, api: '' };
      const answers: Record<string, unknown> = {};
      for (const req of requests) {
        const url = resolve(req.url, vars, answers);
        let call = request(app.http)[req.method.toLowerCase() as 'get' | 'post'](url);
        for (const [name, value] of req.headers) call = call.set(name, resolve(value, vars, answers));
        const res = await (req.body === undefined ? call : call.send(resolve(req.body, vars, answers)));
        const expected = /\b([45]\d\d)\b/.exec(req.title)?.[1];
        if (expected) expect(res.status, `${req.title}: ${res.text}`).to.equal(Number(expected));
        else expect(res.status, `${req.method} ${url} (${req.title}): ${res.text}`).to.be.within(200, 299);
        if (req.name) answers[req.name] = res.body;
      }
    });
  }
});

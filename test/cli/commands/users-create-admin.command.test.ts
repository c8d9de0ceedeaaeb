import { expect } from 'chai';
import request from 'supertest';
import { COMMANDS } from '../../../src/cli/commands';
import { usersCreateAdminCommand } from '../../../src/cli/commands/users-create-admin.command';

import { useTestApp } from '../../helpers/app';
import { runCommand } from '../../helpers/cli';
import { aCpf } from '../../helpers/cpf';

describe('CLI: users:create-admin', () => {
  const testApp = useTestApp();

  it('is registered', () => {
    expect(COMMANDS.map((c) => c.name)).to.include('users:create-admin');
  });

  it('creates an admin with the password from the first line of standard input; the admin logs in', async () => {
    const cpf = aCpf();
    const result = await runCommand(testApp.app, usersCreateAdminCommand, ['--cpf', cpf, '--name', 'Ada Admin', '--email', `ada.${cpf}@example.com`], 'first line is the password\nsecond line is ignored\n');
    expect(result.code).to.equal(0);
    const printed = JSON.parse(result.out[0]);
    expect(printed.role).to.equal('admin');
    expect(printed.cpf).to.equal(cpf);
    // The operator vouches for the admin's CPF and e-mail: the admin's SSO identity links on first login.
    expect(await testApp.app.db('users').where({ cpf }).first('identity_verified')).to.deep.equal({ identity_verified: true });

    const login = await request(testApp.app.http).post('/v1/auth/login').send({ cpf, password: 'first line is the password' });
    expect(login.status).to.equal(200);
    expect((await request(testApp.app.http).get('/v1/users').set('Authorization', `Bearer ${login.body.accessToken}`)).status).to.equal(200);
  });

  it('accepts Windows line endings', async () => {
    const cpf = aCpf();
    const result = await runCommand(testApp.app, usersCreateAdminCommand, ['--cpf', cpf, '--name', 'Win Admin', '--email', `win.${cpf}@example.com`], 'crlf password here\r\n');
    expect(result.code).to.equal(0);
    expect((await request(testApp.app.http).post('/v1/auth/login').send({ cpf, password: 'crlf password here' })).status).to.equal(200);
  });

  it('refuses an empty or short password, a bad CPF, a taken CPF and missing options (exit 1)', async () => {
    const taken = aCpf();
    expect((await runCommand(testApp.app, usersCreateAdminCommand, ['--cpf', taken, '--name', 'First One', '--email', `f.${taken}@example.com`], 'a good long password\n')).code).to.equal(0);
    const cases: [string[], string][] = [
      [['--cpf', aCpf(), '--name', 'No Password', '--email', 'np@example.com'], ''],
      [['--cpf', aCpf(), '--name', 'Short Password', '--email', 'sp@example.com'], 'short\n'],
      [['--cpf', '12345678900', '--name', 'Bad Cpf', '--email', 'bc@example.com'], 'a good long password\n'],
      [['--cpf', taken, '--name', 'Taken Cpf', '--email', 'tc@example.com'], 'a good long password\n'],
      [['--name', 'No Cpf', '--email', 'nc@example.com'], 'a good long password\n'],
    ];
    for (const [args, stdin] of cases) {
      const result = await runCommand(testApp.app, usersCreateAdminCommand, args, stdin);
      expect(result.code, args.join(' ')).to.equal(1);
      expect(result.out).to.deep.equal([]);
    }
    expect(Number((await testApp.app.db('users').where({ cpf: taken }).count<{ n: string }[]>('* as n'))[0].n)).to.equal(1);
    expect(await testApp.app.db('users').whereIn('email', ['np@example.com', 'sp@example.com', 'bc@example.com', 'tc@example.com', 'nc@example.com']).select('id')).to.deep.equal([]);
  });
});

import { expect } from 'chai';
import request from 'supertest';
import type { CliCommand, CliContext } from '../../../src/cli/cli-context';
import { COMMANDS } from '../../../src/cli/commands';
import { usersCreateAdminCommand } from '../../../src/cli/commands/users-create-admin.command';
import type { FincoreApp } from '../../../src/config/composition-root';
import { createTestApp } from '../../helpers/app';
import { aCpf } from '../../helpers/cpf';

interface Run {
  code: number;
  out: string[];
  err: string[];
}

describe('CLI: users:create-admin', () => {
  let app: FincoreApp;

  /** Runs a command object against the test app's database, as `npm run cli` would. */
  async function run(command: CliCommand, args: string[], stdin = ''): Promise<Run> {
    const result: Run = { code: -1, out: [], err: [] };
    const context: CliContext = {
      settings: app.settings,
      db: app.db,
      args,
      readStdin: async () => stdin,
      out: (line) => result.out.push(line),
      err: (line) => result.err.push(line),
    };
    result.code = await command.run(context);
    return result;
  }

  before(async () => {
    app = await createTestApp();
  });
  after(async () => {
    await app.close();
  });

  it('is registered', () => {
    expect(COMMANDS.map((c) => c.name)).to.include('users:create-admin');
  });

  it('creates an admin with the password from the first line of standard input; the admin logs in', async () => {
    const cpf = aCpf();
    const result = await run(usersCreateAdminCommand, ['--cpf', cpf, '--name', 'Ada Admin', '--email', `ada.${cpf}@example.com`], 'first line is the password\nsecond line is ignored\n');
    expect(result.code).to.equal(0);
    const printed = JSON.parse(result.out[0]);
    expect(printed.role).to.equal('admin');
    expect(printed.cpf.replace(/\D/g, '')).to.equal(cpf);

    const login = await request(app.http).post('/v1/auth/login').send({ cpf, password: 'first line is the password' });
    expect(login.status).to.equal(200);
    expect((await request(app.http).get('/v1/users').set('Authorization', `Bearer ${login.body.accessToken}`)).status).to.equal(200);
  });

  it('accepts Windows line endings', async () => {
    const cpf = aCpf();
    const result = await run(usersCreateAdminCommand, ['--cpf', cpf, '--name', 'Win Admin', '--email', `win.${cpf}@example.com`], 'crlf password here\r\n');
    expect(result.code).to.equal(0);
    expect((await request(app.http).post('/v1/auth/login').send({ cpf, password: 'crlf password here' })).status).to.equal(200);
  });

  it('refuses an empty or short password, a bad CPF, a taken CPF and missing options (exit 1)', async () => {
    const taken = aCpf();
    expect((await run(usersCreateAdminCommand, ['--cpf', taken, '--name', 'First One', '--email', `f.${taken}@example.com`], 'a good long password\n')).code).to.equal(0);
    const cases: [string[], string][] = [
      [['--cpf', aCpf(), '--name', 'No Password', '--email', 'np@example.com'], ''],
      [['--cpf', aCpf(), '--name', 'Short Password', '--email', 'sp@example.com'], 'short\n'],
      [['--cpf', '12345678900', '--name', 'Bad Cpf', '--email', 'bc@example.com'], 'a good long password\n'],
      [['--cpf', taken, '--name', 'Taken Cpf', '--email', 'tc@example.com'], 'a good long password\n'],
      [['--name', 'No Cpf', '--email', 'nc@example.com'], 'a good long password\n'],
    ];
    for (const [args, stdin] of cases) {
      const result = await run(usersCreateAdminCommand, args, stdin);
      expect(result.code, args.join(' ')).to.equal(1);
      expect(result.out).to.deep.equal([]);
    }
    expect(Number((await app.db('users').where({ cpf: taken }).count<{ n: string }[]>('* as n'))[0].n)).to.equal(1);
    expect(await app.db('users').whereIn('email', ['np@example.com', 'sp@example.com', 'bc@example.com', 'tc@example.com', 'nc@example.com']).select('id')).to.deep.equal([]);
  });
});

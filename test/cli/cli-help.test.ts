import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commandHelp, helpRequested, usage } from '../../src/cli/cli-help';
import { COMMANDS } from '../../src/cli/commands';
import type { FincoreApp } from '../../src/config/composition-root';
import { createTestApp } from '../helpers/app';
import { runCommand, spawnCli } from '../helpers/cli';

const byName = (name: string) => COMMANDS.find((c) => c.name === name)!;

describe('CLI help', () => {
  describe('what asks for help', () => {
    it('no argument, --help, -h and help: every command', () => {
      for (const argv of [[], ['--help'], ['-h'], ['help']]) expect(helpRequested(argv, COMMANDS), argv.join(' ')).to.deep.equal({ kind: 'all' });
    });

    it('help COMMAND and COMMAND --help: that command; an unknown name is named', () => {
      const command = byName('users:create-admin');
      expect(helpRequested(['help', 'users:create-admin'], COMMANDS)).to.deep.equal({ kind: 'command', command });
      expect(helpRequested(['users:create-admin', '--cpf', '1', '--help'], COMMANDS)).to.deep.equal({ kind: 'command', command });
      expect(helpRequested(['help', 'users:nope'], COMMANDS)).to.deep.equal({ kind: 'unknown', name: 'users:nope' });
    });

    it('a command with its options is no help request', () => {
      expect(helpRequested(['clients:disable', '--client-id', 'abc'], COMMANDS)).to.deep.equal({ kind: 'none' });
    });
  });

  describe('the texts', () => {
    it('the overview lists every command and every option it reads', () => {
      const text = usage(COMMANDS);
      for (const command of COMMANDS) {
        expect(text).to.include(command.name);
        for (const o of command.options ?? []) expect(text, command.name).to.include(`--${o.name} ${o.value}`);
      }
    });

    it('a command help shows its synopsis, each option with its description, and standard input', () => {
      const text = commandHelp(byName('users:create-admin'));
      expect(text).to.include('usage: npm run cli -- users:create-admin --cpf CPF --name NAME --email EMAIL');
      expect(text).to.match(/--cpf CPF\s+the admin's CPF/);
      expect(text).to.include('standard input: the password');
      expect(commandHelp(byName('clients:create'))).to.include('ledger:admin');
    });
  });

  describe('the declared options are the ones the commands read', () => {
    let app: FincoreApp;
    before(async () => {
      app = await createTestApp();
    });
    after(async () => {
      await app.close();
    });

    // Each command refuses to run without its options, naming them: a declared option that the
    // command does not read, or a read one left undeclared, shows up as a mismatch here.
    for (const command of COMMANDS.filter((c) => c.options?.length)) {
      it(`${command.name} without options answers its usage, naming exactly the declared options`, async () => {
        const run = await runCommand(app, command, []);
        expect(run.code).to.equal(1);
        const named = [...run.err.join('\n').matchAll(/--([a-z-]+)/g)].map((m) => m[1]);
        expect(named).to.deep.equal(command.options!.map((o) => o.name));
      });
    }
  });

  describe('the real process', function () {
    this.timeout(120_000);
    let dataDir: string;
    before(() => {
      dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fincore-cli-help-')), 'data');
    });
    after(() => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }));

    it('--help and help COMMAND answer on stdout with exit 0, without opening a database', () => {
      const all = spawnCli(dataDir, '--help');
      expect(all.status, all.stderr).to.equal(0);
      expect(all.stdout).to.include('users:create-admin').and.include('--client-id CLIENT_ID');
      const one = spawnCli(dataDir, 'help', 'clients:create');
      expect(one.status, one.stderr).to.equal(0);
      expect(one.stdout).to.include('usage: npm run cli -- clients:create --name NAME --scopes');
      expect(fs.existsSync(dataDir), 'no embedded database created for help').to.equal(false);
    });

    it('help for an unknown command: exit 2 and the list on stderr', () => {
      const run = spawnCli(dataDir, 'help', 'users:nope');
      expect(run.status).to.equal(2);
      expect(run.stderr).to.include('unknown command "users:nope"').and.include('ledger:verify');
    });
  });
});

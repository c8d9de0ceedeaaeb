import { expect } from 'chai';
import { openCliContainer } from '../../src/cli/cli-container';
import type { FincoreContainer } from '../../src/config/container';
import { loadSettings } from '../../src/config/settings';
import { CONSOLE_OPERATOR, type Principal } from '../../src/domain/modules/auth/principal';
import type { IAccountService } from '../../src/domain/modules/financial/account.service';
import { FINANCIAL_TYPES } from '../../src/domain/modules/financial/financial.types';
import type { IUserEventHandler } from '../../src/domain/modules/user/user-event.handler';
import type { IUserService } from '../../src/domain/modules/user/user.service';
import { USER_TYPES } from '../../src/domain/modules/user/user.types';
import { resetDatabase, testDatabaseOptions } from '../helpers/database';

/** A CLI command gets its use cases from the application's container, so user changes reach every module. */
describe('CLI container', () => {
  let cli: FincoreContainer;

  before(async function () {
    this.timeout(60_000);
    const settings = loadSettings({ ...process.env, REDIS_URL: '', LOG_LEVEL: 'silent' });
    cli = await openCliContainer(settings, testDatabaseOptions());
    await cli.db.migrate.latest();
    await resetDatabase(cli.db);
  });
  after(async () => {
    await cli.close();
  });

  const users = () => cli.container.get<IUserService>(USER_TYPES.IUserService);

  it('deactivating a user through it runs the user event handlers: accounts frozen, sessions ended', async function () {
    this.timeout(30_000);
    const admin = await users().register(CONSOLE_OPERATOR, { cpf: '529.982.247-25', name: 'Ana Admin', email: 'ana@example.com', role: 'admin' });
    const owner = await users().register(CONSOLE_OPERATOR, { cpf: '111.444.777-35', name: 'Alice Cliente', email: 'alice@example.com', role: 'customer' });
    const actor: Principal = { kind: 'user', userId: admin.id as number, role: 'admin' };
    const account = await cli.container.get<IAccountService>(FINANCIAL_TYPES.IAccountService).open(actor, { currency: 'BRL', ownerCpf: owner.cpf.value });

    await users().deactivate(CONSOLE_OPERATOR, owner.cpf.value);

    expect(await cli.db('accounts').where({ id: account.id }).first('status')).to.deep.equal({ status: 'frozen' });
    // EndSessionsWhenCredentialsEnd bumps the user's session version: tokens issued before stop working.
    expect(await cli.db('session_versions').where({ principal: `user:${owner.id}` }).select('*')).to.have.length(1);
  });

  it('binds one handler per lifecycle rule, each declaring the events it handles', () => {
    const handlers = cli.container.getAll<IUserEventHandler>(USER_TYPES.IUserEventHandler);
    // In binding order, which is the order they run in: the user's own event first, auth's before the financial module's.
    expect(handlers.map((handler) => [handler.constructor.name, handler.handles])).to.deep.equal([
      ['RecordUserEventsInOutbox', ['UserDeactivated', 'UserActivated', 'PasswordChanged']],
      ['RevokeRefreshTokensWhenCredentialsEnd', ['UserDeactivated', 'PasswordChanged']],
      ['EndSessionsWhenCredentialsEnd', ['UserDeactivated', 'PasswordChanged']],
      ['ForgetEndedSessionWhenUserActivated', ['UserActivated']],
      ['FreezeAccountsWhenUserDeactivated', ['UserDeactivated']],
      ['UnfreezeAccountsWhenUserActivated', ['UserActivated']],
    ]);
  });
});

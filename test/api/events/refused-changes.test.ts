import { expect } from 'chai';
import { Container } from 'inversify';
import type { IUserEventHandler } from '../../../src/domain/modules/user/user-event.handler';
import type { IUserService } from '../../../src/domain/modules/user/user.service';
import { USER_TYPES } from '../../../src/domain/modules/user/user.types';
import { CONSOLE_OPERATOR } from '../../../src/domain/modules/auth/principal';
import { RecordUserEventsInOutbox } from '../../../src/infra/services/user/record-user-events-in-outbox.handler';
import { UserService } from '../../../src/infra/services/user/user.service';
import { rejectionOf } from '../../doubles/rejection';
import { useBank } from '../financial/use-bank';
import { outboxRows } from './events-feed';

/** A change undone by a later step leaves no event: the event was written in its transaction. */
describe('events of changes that roll back', function () {
  this.timeout(30_000);
  const world = useBank();

  it('a user event handler that throws undoes the deactivation, its user.deactivated and account.frozen', async () => {
    const { app, bank } = world;
    const carol = await bank.customer();
    await bank.openAccount(carol);
    const before = await outboxRows(app);
    // The production graph, with one more handler after the real ones, which fails.
    const failing: IUserEventHandler<'UserDeactivated'> = { handles: ['UserDeactivated'], handle: () => Promise.reject(new Error('a later rule fails')) };
    const child = new Container({ skipBaseClassChecks: true });
    child.parent = app.container;
    for (const handler of app.container.getAll<IUserEventHandler>(USER_TYPES.IUserEventHandler)) child.bind(USER_TYPES.IUserEventHandler).toConstantValue(handler);
    child.bind(USER_TYPES.IUserEventHandler).toConstantValue(failing);
    child.bind(USER_TYPES.IUserService).to(UserService);
    const users = child.get<IUserService>(USER_TYPES.IUserService);
    expect(child.getAll<IUserEventHandler>(USER_TYPES.IUserEventHandler)[0]).to.be.instanceOf(RecordUserEventsInOutbox);

    const error = (await rejectionOf(users.deactivate(CONSOLE_OPERATOR, carol.cpf))) as Error;

    expect(error.message).to.equal('a later rule fails');
    expect(await outboxRows(app)).to.deep.equal(before);
    expect(await app.db('users').where({ id: carol.id }).first('is_active')).to.deep.equal({ is_active: true });
  });
});

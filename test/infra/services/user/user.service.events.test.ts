import { expect } from 'chai';
import type { IUserEventHandler } from '../../../../src/domain/modules/user/user-event.handler';
import type { UserEvent, UserEventType } from '../../../../src/domain/modules/user/user.events';
import { UserService } from '../../../../src/infra/services/user/user.service';
import { aUser } from '../../../builders/user.builder';
import { rejectionOf } from '../../../doubles/rejection';
import { BY_ADMIN, NOW, TTL, type UserServiceSut, makeSut } from './user-service.sut';

/** A handler of the given types that writes each event it gets, as `name:type`, into `log`. */
function handlerOf(name: string, handles: UserEventType[], log: string[], handle?: (event: UserEvent) => Promise<void>): IUserEventHandler {
  return {
    handles,
    async handle(event) {
      log.push(`${name}:${event.type}`);
      if (handle) await handle(event);
    },
  };
}

describe('UserService events', () => {
  let sut: UserServiceSut;
  let log: string[];

  beforeEach(() => {
    sut = makeSut();
    log = [];
  });

  const serviceWith = (...handlers: IUserEventHandler[]) =>
    new UserService(sut.repo, sut.hasher, sut.uow, sut.cache, { now: () => NOW }, TTL, sut.audit, sut.passwords, true, sut.outbox, handlers);

  it('hands each event only to the handlers that declare its type', async () => {
    const service = serviceWith(
      handlerOf('freeze', ['UserDeactivated'], log),
      handlerOf('revoke', ['UserDeactivated', 'PasswordChanged'], log),
      handlerOf('forget', ['UserActivated'], log),
      handlerOf('deaf', [], log),
    );
    const user = sut.store(aUser().withId(30).build());

    await service.update(BY_ADMIN, user.cpf.value, { password: 'a brand new passphrase' });
    expect(log).to.deep.equal(['revoke:PasswordChanged']);
    await service.deactivate(BY_ADMIN, user.cpf.value);
    expect(log.slice(1)).to.deep.equal(['freeze:UserDeactivated', 'revoke:UserDeactivated']);
    await service.activate(BY_ADMIN, user.cpf.value);
    expect(log.slice(3)).to.deep.equal(['forget:UserActivated']);
  });

  it('runs the handlers of one event one after the other, in binding order', async () => {
    // The first handler yields before it finishes: if the handlers ran together, the second would start in between.
    const slow = handlerOf('first', ['UserDeactivated'], log, async () => {
      await Promise.resolve();
      log.push('first:done');
    });
    const service = serviceWith(slow, handlerOf('second', ['UserDeactivated'], log));
    const user = sut.store(aUser().withId(31).build());

    await service.deactivate(BY_ADMIN, user.cpf.value);
    expect(log).to.deep.equal(['first:UserDeactivated', 'first:done', 'second:UserDeactivated']);
  });

  it('a failing handler stops the handlers after it, and the change is not stored', async () => {
    const failing = handlerOf('first', ['UserDeactivated'], log, async () => {
      throw new Error('freeze failed');
    });
    const service = serviceWith(failing, handlerOf('second', ['UserDeactivated'], log));
    const user = sut.store(aUser().withId(32).build());

    expect(((await rejectionOf(service.deactivate(BY_ADMIN, user.cpf.value))) as Error).message).to.equal('freeze failed');
    expect(log).to.deep.equal(['first:UserDeactivated']);
    expect(sut.repo.update.called).to.equal(false);
  });
});

describe('IUserEventHandler typing', () => {
  // The run proves nothing here: `npx tsc` does, by failing if either expected error goes away.
  it('a handler can neither declare nor test for an event type outside its type argument', () => {
    const activationOnly: IUserEventHandler<'UserActivated'> = {
      handles: [
        // @ts-expect-error an activation handler cannot declare deactivations
        'UserDeactivated',
      ],
      async handle(event) {
        // @ts-expect-error nor can it receive one
        if (event.type === 'UserDeactivated') throw new Error('unreachable');
      },
    };
    expect(activationOnly.handles).to.deep.equal(['UserDeactivated']);
  });
});

import { expect } from 'chai';
import sinon from 'sinon';
import {
  CurrentPasswordInvalidError,
  UserAlreadyActiveError,
  UserAlreadyInactiveError,
  UserNotFoundError,
} from '../../../../src/domain/modules/user/user.errors';
import { ValidationError } from '../../../../src/domain/shared/domain-error';
import { INVALIDATION_TTL_SECONDS, USER_CACHE_INVALIDATED, userCacheKey } from '../../../../src/infra/services/user/user-cache.codec';
import { PasswordCredentialVerifier } from '../../../../src/infra/security/password-credential.verifier';
import { UserService } from '../../../../src/infra/services/user/user.service';
import { aUser } from '../../../builders/user.builder';
import { rejectionOf } from '../../../doubles/rejection';
import { BY_ADMIN, NOW, selfOf, TTL, type UserServiceSut, makeSut } from './user-service.sut';

describe('UserService changes', () => {
  let sut: UserServiceSut;

  beforeEach(() => {
    sut = makeSut();
  });

  describe('update', () => {
    it('renames and changes the email in a transaction, stores the change and marks the cache entry invalidated', async () => {
      const user = sut.store(aUser().withId(8).build());
      await sut.service.get(BY_ADMIN, user.cpf.value);
      expect(sut.cache.entries.has(userCacheKey(user.cpf))).to.equal(true);

      const updated = await sut.service.update(BY_ADMIN, user.cpf.formatted(), { name: 'New Name', email: 'NEW@example.com' });
      expect(updated.name.value).to.equal('New Name');
      expect(updated.email.value).to.equal('new@example.com');
      expect(updated.updatedAt).to.equal(NOW);
      expect(sut.stored.get(user.cpf.value)!.name.value).to.equal('New Name');
      expect(sut.cache.entries.get(userCacheKey(user.cpf))).to.deep.equal({ value: USER_CACHE_INVALIDATED, ttl: INVALIDATION_TTL_SECONDS });
      expect(sut.writesInTransaction).to.deep.equal([true]);
      expect(sut.repo.findByCpf.lastCall.args[1]).to.deep.equal({ forUpdate: true });
      expect(sut.outbox.events.map((e) => [e.type, e.orderingKeys, e.data.name, e.data.email])).to.deep.equal([['user.updated', ['user:8'], 'New Name', 'new@example.com']]);
    });

    it('a password change stores the new hash and publishes PasswordChanged inside the transaction', async () => {
      const user = sut.store(aUser().withId(9).build());
      const updated = await sut.service.update(BY_ADMIN, user.cpf.value, { password: 'a brand new passphrase' });
      expect(updated.passwordHash).to.equal('$argon2id$hashed');
      expect(sut.insideTransaction).to.deep.equal(['PasswordChanged:true']);
      // Recorded by RecordUserEventsInOutbox, a handler: nothing else shown of the user changed.
      expect(sut.outbox.events).to.deep.equal([]);
      expect(sut.audited).to.deep.equal([{ type: 'user.password.reset', target: 'user:9' }]);
    });

    it("a user's own change of e-mail or password needs the current password: missing is a 400, before anything else", async () => {
      const user = sut.store(aUser().withId(20).build());
      const error = await rejectionOf(sut.service.update(selfOf(user), user.cpf.value, { password: 'a brand new passphrase' }));
      expect(error).to.be.instanceOf(ValidationError).with.property('field', 'currentPassword');
      expect(sut.hasher.hash.called).to.equal(false);
      expect(sut.repo.update.called).to.equal(false);
    });

    it('a wrong current password changes nothing and is audited as a failed proof', async () => {
      const user = sut.store(aUser().withId(21).withPasswordHash('$argon2id$old').build());
      sut.hasher.verify.resolves(false);
      const error = await rejectionOf(sut.service.update(selfOf(user), user.cpf.value, { email: 'new@example.com', currentPassword: 'not it' }));
      expect(error).to.be.instanceOf(CurrentPasswordInvalidError);
      expect(sut.repo.update.called).to.equal(false);
      expect(sut.stored.get(user.cpf.value)!.email.value).to.equal(user.email.value);
      expect(sut.audited).to.deep.equal([{ type: 'auth.login.failed', target: 'user:21', detail: { reason: 'current_password' } }]);
    });

    it('the right current password lets the change through, audited as the user\'s own', async () => {
      const user = sut.store(aUser().withId(22).withPasswordHash('$argon2id$old').build());
      sut.hasher.verify.resolves(true);
      const updated = await sut.service.update(selfOf(user), user.cpf.value, { email: 'new@example.com', password: 'a brand new passphrase', currentPassword: 'the old one' });
      expect(updated.email.value).to.equal('new@example.com');
      expect(sut.audited.map((event) => event.type)).to.deep.equal(['user.email.changed', 'user.password.changed']);
    });

    it('a change without a password publishes nothing', async () => {
      const user = sut.store(aUser().withId(10).build());
      await sut.service.update(BY_ADMIN, user.cpf.value, { name: 'Other Name' });
      expect(sut.insideTransaction).to.deep.equal([]);
    });

    for (const [changes, field] of [
      [{ name: 'x' }, 'name'],
      [{ email: 'bad' }, 'email'],
      [{ password: 'short' }, 'password'],
      [{ name: 'Good Name', email: 'bad' }, 'email'],
    ] as const) {
      it(`bad input ${JSON.stringify(changes)} changes nothing: no transaction, no write, cache kept`, async () => {
        const user = sut.store(aUser().withId(11).build());
        await sut.service.get(BY_ADMIN, user.cpf.value);
        const transaction = sinon.spy(sut.uow, 'transaction');
        const error = await rejectionOf(sut.service.update(BY_ADMIN, user.cpf.value, changes));
        expect(error).to.be.instanceOf(ValidationError).with.property('field', field);
        expect(sut.repo.update.called).to.equal(false);
        expect(transaction.called).to.equal(false);
        expect(sut.stored.get(user.cpf.value)!.name.value).to.equal(user.name.value);
        expect(sut.cache.entries.has(userCacheKey(user.cpf))).to.equal(true);
      });
    }

    it('throws UserNotFoundError for an unknown CPF and writes nothing', async () => {
      expect(await rejectionOf(sut.service.update(BY_ADMIN, '529.982.247-25', { name: 'New Name' }))).to.be.instanceOf(UserNotFoundError);
      expect(sut.repo.update.called).to.equal(false);
    });
  });

  describe('deactivate / activate', () => {
    it('deactivates, publishes UserDeactivated inside the transaction, stores it and marks the cache entry invalidated', async () => {
      const user = sut.store(aUser().withId(12).build());
      await sut.service.get(BY_ADMIN, user.cpf.value);
      const result = await sut.service.deactivate(BY_ADMIN, user.cpf.formatted());
      expect(result.isActive).to.equal(false);
      expect(sut.stored.get(user.cpf.value)!.isActive).to.equal(false);
      expect(sut.insideTransaction).to.deep.equal(['UserDeactivated:true']);
      expect(sut.handler.handle.firstCall.args[0]).to.deep.equal({ type: 'UserDeactivated', user });
      expect(sut.handler.handle.firstCall.args[0].user).to.equal(user);
      expect(sut.cache.entries.get(userCacheKey(user.cpf))!.value).to.equal(USER_CACHE_INVALIDATED);
    });

    it('activates an inactive user the same way', async () => {
      const user = sut.store(aUser().withId(13).inactive().build());
      const result = await sut.service.activate(BY_ADMIN, user.cpf.value);
      expect(result.isActive).to.equal(true);
      expect(sut.insideTransaction).to.deep.equal(['UserActivated:true']);
    });

    it('deactivating an inactive user fails with nothing stored and nothing published', async () => {
      const user = sut.store(aUser().withId(14).inactive().build());
      expect(await rejectionOf(sut.service.deactivate(BY_ADMIN, user.cpf.value))).to.be.instanceOf(UserAlreadyInactiveError);
      expect(sut.repo.update.called).to.equal(false);
      expect(sut.insideTransaction).to.deep.equal([]);
    });

    it('activating an active user fails with nothing stored', async () => {
      const user = sut.store(aUser().withId(15).build());
      expect(await rejectionOf(sut.service.activate(BY_ADMIN, user.cpf.value))).to.be.instanceOf(UserAlreadyActiveError);
      expect(sut.repo.update.called).to.equal(false);
    });

    it('a failing handler aborts the change before it is stored, and keeps the cache entry', async () => {
      const user = sut.store(aUser().withId(16).build());
      await sut.service.get(BY_ADMIN, user.cpf.value);
      sut.handler.handle.rejects(new Error('revocation failed'));
      expect(((await rejectionOf(sut.service.deactivate(BY_ADMIN, user.cpf.value))) as Error).message).to.equal('revocation failed');
      expect(sut.repo.update.called).to.equal(false);
      expect(sut.cache.entries.has(userCacheKey(user.cpf))).to.equal(true);
    });

    it('works without any handler bound', async () => {
      const bare = new UserService(sut.repo, sut.hasher, sut.uow, sut.cache, { now: () => NOW }, TTL, sut.audit, new PasswordCredentialVerifier(sut.hasher), true, sut.outbox);
      const user = sut.store(aUser().withId(17).build());
      expect((await bare.deactivate(BY_ADMIN, user.cpf.value)).isActive).to.equal(false);
    });
  });
});

import { expect } from 'chai';
import { ForbiddenError, UnauthenticatedError } from '../../../../src/domain/modules/auth/auth.errors';
import type { Principal } from '../../../../src/domain/modules/auth/principal';
import { UserNotFoundError } from '../../../../src/domain/modules/user/user.errors';
import { ValidationError } from '../../../../src/domain/shared/domain-error';
import { aUser } from '../../../builders/user.builder';
import { rejectionOf } from '../../../doubles/rejection';
import { BY_ADMIN, type UserServiceSut, makeSut, selfOf } from './user-service.sut';

const reader: Principal = { kind: 'service', clientId: 'reports', scopes: ['users:read'] };
const writer: Principal = { kind: 'service', clientId: 'crm', scopes: ['users:write'] };

/** The use cases ask UserAccessPolicy before acting: refusals change nothing and look nothing up they should not. */
describe('UserService access', () => {
  let sut: UserServiceSut;

  beforeEach(() => {
    sut = makeSut();
  });

  it('a customer reads themself, found by id; someone else\'s CPF is 404 without looking it up', async () => {
    const alice = sut.store(aUser().withId(30).build());
    const bob = sut.store(aUser().withId(31).withCpf('111.444.777-35').build());
    expect((await sut.service.get(selfOf(alice), alice.cpf.value)).id).to.equal(30);
    expect(await rejectionOf(sut.service.get(selfOf(alice), bob.cpf.value))).to.be.instanceOf(UserNotFoundError);
    expect(sut.repo.findByCpf.called).to.equal(false);
  });

  it('a service lacking the scope is 403 before any lookup, and changes nothing', async () => {
    const alice = sut.store(aUser().withId(32).build());
    expect(await rejectionOf(sut.service.get(writer, alice.cpf.value))).to.be.instanceOf(ForbiddenError);
    expect(await rejectionOf(sut.service.deactivate(reader, alice.cpf.value))).to.be.instanceOf(ForbiddenError);
    expect(sut.repo.findByCpf.called).to.equal(false);
    expect(sut.repo.findById.called).to.equal(false);
    expect(sut.stored.get(alice.cpf.value)!.isActive).to.equal(true);
  });

  it('nobody activates themself, and no service changes an admin: 403 with nothing stored', async () => {
    const inactive = sut.store(aUser().withId(33).inactive().build());
    const admin = sut.store(aUser().withId(34).withCpf('111.444.777-35').admin().build());
    expect(await rejectionOf(sut.service.activate(selfOf(inactive), inactive.cpf.value))).to.be.instanceOf(ForbiddenError);
    expect(await rejectionOf(sut.service.update(writer, admin.cpf.value, { name: 'New Name' }))).to.be.instanceOf(ForbiddenError);
    expect(sut.repo.update.called).to.equal(false);
  });

  it('listing needs an admin or users:read', async () => {
    sut.repo.listActive.resolves({ items: [], nextKey: null });
    expect(await rejectionOf(sut.service.listActive(writer, { limit: 5 }))).to.be.instanceOf(ForbiddenError);
    expect(sut.repo.listActive.called).to.equal(false);
    expect(await sut.service.listActive(reader, { limit: 5 })).to.deep.equal({ items: [], nextKey: null });
  });

  describe('register', () => {
    const input = { cpf: '52998224725', name: 'Ana Silva', email: 'ana@example.com' };

    it('an anonymous sign-up is unverified; an admin or users:write vouches for the identity', async () => {
      expect((await sut.service.register(null, input)).identityVerified).to.equal(false);
      expect((await sut.service.register(BY_ADMIN, input)).identityVerified).to.equal(true);
      expect((await sut.service.register(writer, input)).identityVerified).to.equal(true);
    });

    it('only an admin chooses a role (400, nothing stored)', async () => {
      expect(await rejectionOf(sut.service.register(writer, { ...input, role: 'admin' }))).to.be.instanceOf(ValidationError);
      expect(sut.repo.create.called).to.equal(false);
    });

    it('with self sign-up off, anonymous is 401 and a customer 403, before anything is hashed', async () => {
      const closed = makeSut({ selfSignup: false });
      expect(await rejectionOf(closed.service.register(null, { ...input, password: 'a long enough password' }))).to.be.instanceOf(UnauthenticatedError);
      expect(await rejectionOf(closed.service.register(selfOf(aUser().withId(35).build()), input))).to.be.instanceOf(ForbiddenError);
      expect(closed.hasher.hash.called).to.equal(false);
      expect(closed.repo.create.called).to.equal(false);
    });
  });
});

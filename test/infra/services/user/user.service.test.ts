import { expect } from 'chai';
import { InvalidCpfError, UserAlreadyExistsError, UserNotFoundError } from '../../../../src/domain/modules/user/user.errors';
import { ValidationError } from '../../../../src/domain/shared/domain-error';
import { INVALIDATION_TTL_SECONDS, USER_CACHE_INVALIDATED, UserCacheCodec, userCacheKey } from '../../../../src/infra/services/user/user-cache.codec';
import { aUser } from '../../../builders/user.builder';
import { rejectionOf } from '../../../doubles/rejection';
import { BY_ADMIN, NOW, TTL, type UserServiceSut, makeSut } from './user-service.sut';

describe('UserService', () => {
  let sut: UserServiceSut;

  beforeEach(() => {
    sut = makeSut();
  });

  describe('register', () => {
    it('creates an active customer from normalised input, stamped by the clock', async () => {
      const user = await sut.service.register(null, { cpf: '529.982.247-25', name: '  Ana Silva ', email: 'Ana@Example.com' });
      expect(user.cpf.value).to.equal('52998224725');
      expect(user.name.value).to.equal('Ana Silva');
      expect(user.email.value).to.equal('ana@example.com');
      expect(user.role).to.equal('customer');
      expect(user.isActive).to.equal(true);
      expect(user.passwordHash).to.equal(null);
      expect(user.createdAt).to.equal(NOW);
      expect(sut.repo.create.calledOnceWith(user)).to.equal(true);
      expect(sut.hasher.hash.called).to.equal(false);
      expect(sut.outbox.events.map((e) => [e.type, e.data.cpf])).to.deep.equal([['user.registered', '52998224725']]);
    });

    it('stores only the hash of a given password, and a given role', async () => {
      const user = await sut.service.register(BY_ADMIN, { cpf: '52998224725', name: 'Ana Silva', email: 'ana@example.com', password: 'correct horse battery', role: 'admin' });
      expect(user.passwordHash).to.equal('$argon2id$hashed');
      expect(user.role).to.equal('admin');
      expect(sut.hasher.hash.firstCall.args[0].value).to.equal('correct horse battery');
    });

    for (const [input, error] of [
      [{ cpf: '123.456.789-10', name: 'Ana Silva', email: 'ana@example.com' }, InvalidCpfError],
      [{ cpf: '52998224725', name: 'An', email: 'ana@example.com' }, ValidationError],
      [{ cpf: '52998224725', name: 'Ana Silva', email: 'not-an-email' }, ValidationError],
      [{ cpf: '52998224725', name: 'Ana Silva', email: 'ana@example.com', password: 'short' }, ValidationError],
    ] as const) {
      it(`refuses ${JSON.stringify(input)} with ${error.name} and stores nothing`, async () => {
        expect(await rejectionOf(sut.service.register(null, input))).to.be.instanceOf(error);
        expect(sut.repo.create.called).to.equal(false);
        expect(sut.hasher.hash.called).to.equal(false);
      });
    }

    it('lets the repository refuse a duplicate', async () => {
      sut.repo.create.rejects(new UserAlreadyExistsError());
      expect(await rejectionOf(sut.service.register(null, { cpf: '52998224725', name: 'Ana Silva', email: 'ana@example.com' }))).to.be.instanceOf(UserAlreadyExistsError);
    });
  });

  describe('getByCpf (cache-aside)', () => {
    it('answers from the cache without touching the repository', async () => {
      const user = aUser().withId(5).withName('Cached Name').build();
      await sut.cache.set(userCacheKey(user.cpf), UserCacheCodec.encode(user), TTL);
      const found = await sut.service.get(BY_ADMIN, user.cpf.formatted());
      expect(found.id).to.equal(5);
      expect(found.name.value).to.equal('Cached Name');
      expect(sut.repo.findByCpf.called).to.equal(false);
    });

    it('on a miss reads the repository and fills the cache with the ttl', async () => {
      const user = sut.store(aUser().withId(6).withPasswordHash('$argon2id$secret').build());
      const found = await sut.service.get(BY_ADMIN, user.cpf.value);
      expect(found).to.equal(user);
      const entry = sut.cache.entries.get(userCacheKey(user.cpf))!;
      expect(entry.ttl).to.equal(TTL);
      expect(UserCacheCodec.decode(entry.value)?.id).to.equal(6);
      expect(entry.value).to.not.contain('argon2id');
      // The second read is a hit.
      await sut.service.get(BY_ADMIN, user.cpf.formatted());
      expect(sut.repo.findByCpf.callCount).to.equal(1);
    });

    it('falls back to the repository on an unreadable entry and replaces it', async () => {
      const user = sut.store(aUser().withId(7).build());
      await sut.cache.set(userCacheKey(user.cpf), '{corrupt', TTL);
      expect((await sut.service.get(BY_ADMIN, user.cpf.value)).id).to.equal(7);
      expect(UserCacheCodec.decode(sut.cache.entries.get(userCacheKey(user.cpf))!.value)?.id).to.equal(7);
    });

    it('does not put a row read around a write over the write\'s marker, and serves that read from the repository', async () => {
      const user = sut.store(aUser().withId(71).build());
      await sut.cache.set(userCacheKey(user.cpf), USER_CACHE_INVALIDATED, INVALIDATION_TTL_SECONDS);
      expect((await sut.service.get(BY_ADMIN, user.cpf.value)).id).to.equal(71);
      expect(sut.cache.entries.get(userCacheKey(user.cpf))!.value).to.equal(USER_CACHE_INVALIDATED);
      expect(sut.repo.findByCpf.callCount).to.equal(1);
    });

    it('a read that missed before a write committed cannot put the old row back', async () => {
      const user = sut.store(aUser().withId(72).withName('Old Name').build());
      // The reader misses and fetches the old row; the write commits and marks the key before the reader fills it.
      sut.repo.findByCpf.callsFake(async (cpf) => {
        const old = sut.stored.get(cpf.value) ?? null;
        await sut.cache.set(userCacheKey(cpf), USER_CACHE_INVALIDATED, INVALIDATION_TTL_SECONDS);
        return old;
      });
      expect((await sut.service.get(BY_ADMIN, user.cpf.value)).name.value).to.equal('Old Name');
      expect(sut.cache.entries.get(userCacheKey(user.cpf))!.value).to.equal(USER_CACHE_INVALIDATED);
    });

    it('throws UserNotFoundError and caches nothing for an unknown CPF', async () => {
      expect(await rejectionOf(sut.service.get(BY_ADMIN, '529.982.247-25'))).to.be.instanceOf(UserNotFoundError);
      expect(sut.cache.entries.size).to.equal(0);
    });

    it('refuses an invalid CPF before any lookup', async () => {
      expect(await rejectionOf(sut.service.get(BY_ADMIN, '123'))).to.be.instanceOf(InvalidCpfError);
      expect(sut.repo.findByCpf.called).to.equal(false);
    });
  });

  it('listActive passes the page query to the repository', async () => {
    const page = { items: [aUser().withId(1).build()], nextKey: 1 };
    sut.repo.listActive.resolves(page);
    expect(await sut.service.listActive(BY_ADMIN, { limit: 1, after: 0 })).to.equal(page);
    expect(sut.repo.listActive.firstCall.args[0]).to.deep.equal({ limit: 1, after: 0 });
  });
});

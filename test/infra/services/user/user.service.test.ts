import { expect } from 'chai';
import sinon from 'sinon';
import type { IPasswordHasher } from '../../../../src/domain/modules/user/password-hasher.port';
import type { IUserLifecycleListener } from '../../../../src/domain/modules/user/user-lifecycle.listener';
import type { User } from '../../../../src/domain/modules/user/user.entity';
import {
  InvalidCpfError,
  CurrentPasswordInvalidError,
  UserAlreadyActiveError,
  UserAlreadyExistsError,
  UserAlreadyInactiveError,
  UserNotFoundError,
} from '../../../../src/domain/modules/user/user.errors';
import type { IUserRepository } from '../../../../src/domain/modules/user/user.repository';
import type { ICache } from '../../../../src/domain/shared/cache.port';
import { ValidationError } from '../../../../src/domain/shared/domain-error';
import type { IUnitOfWork } from '../../../../src/domain/shared/unit-of-work.port';
import { INVALIDATION_TTL_SECONDS, USER_CACHE_INVALIDATED, UserCacheCodec, userCacheKey } from '../../../../src/infra/services/user/user-cache.codec';
import { PasswordCredentialVerifier } from '../../../../src/infra/security/password-credential.verifier';
import { UserService } from '../../../../src/infra/services/user/user.service';
import type { AuditEvent, IAuditLog } from '../../../../src/domain/shared/audit-log.port';
import { aUser } from '../../../builders/user.builder';

const NOW = new Date('2026-05-06T07:08:09.000Z');
const TTL = 120;
/** Terms of a change made by someone else (an admin), and of a user's own change of credentials. */
const BY_ADMIN = { self: false, requiresCurrentPassword: false };
const BY_SELF_WITH_PROOF = { self: true, requiresCurrentPassword: true };

/** A unit of work that records whether code runs inside it; failures propagate like a rollback. */
class FakeUnitOfWork implements IUnitOfWork {
  active = false;
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    this.active = true;
    try {
      return await work();
    } finally {
      this.active = false;
    }
  }
}

/** A map-backed cache, so tests read its state rather than count calls. */
class MapCache implements ICache {
  readonly entries = new Map<string, { value: string; ttl: number }>();
  async get(key: string) {
    return this.entries.get(key)?.value ?? null;
  }
  async set(key: string, value: string, ttl: number) {
    this.entries.set(key, { value, ttl });
  }
  async add(key: string, value: string, ttl: number) {
    if (!this.entries.has(key)) this.entries.set(key, { value, ttl });
  }
  async delete(key: string) {
    this.entries.delete(key);
  }
}

/** A sinon stub typed after one method of a port. */
const stubFor = <F extends (...args: never[]) => unknown>() => sinon.stub<Parameters<F>, ReturnType<F>>();

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('UserService', () => {
  let repo: sinon.SinonStubbedInstance<IUserRepository>;
  let hasher: sinon.SinonStubbedInstance<IPasswordHasher>;
  let uow: FakeUnitOfWork;
  let cache: MapCache;
  let listener: sinon.SinonStubbedInstance<IUserLifecycleListener>;
  let service: UserService;
  /** Audit events recorded, in order. */
  let audited: AuditEvent[];
  let audit: IAuditLog;
  /** The users the stubbed repository holds, by CPF digits; update() writes back here. */
  let stored: Map<string, User>;
  let insideTransaction: string[];
  /** For each repository write: whether it ran inside the unit of work. */
  let writesInTransaction: boolean[];

  beforeEach(() => {
    stored = new Map();
    insideTransaction = [];
    writesInTransaction = [];
    uow = new FakeUnitOfWork();
    cache = new MapCache();
    repo = {
      findById: stubFor<IUserRepository['findById']>(),
      findByCpf: stubFor<IUserRepository['findByCpf']>().callsFake(async (cpf) => stored.get(cpf.value) ?? null),
      findByEmail: stubFor<IUserRepository['findByEmail']>(),
      create: stubFor<IUserRepository['create']>().callsFake(async (user) => user),
      update: stubFor<IUserRepository['update']>().callsFake(async (user) => {
        writesInTransaction.push(uow.active);
        stored.set(user.cpf.value, user);
        return user;
      }),
      listActive: stubFor<IUserRepository['listActive']>(),
      isEmpty: stubFor<IUserRepository['isEmpty']>(),
    };
    hasher = { hash: stubFor<IPasswordHasher['hash']>().resolves('$argon2id$hashed'), verify: stubFor<IPasswordHasher['verify']>() };
    const record = (event: string) => async () => {
      insideTransaction.push(`${event}:${uow.active}`);
    };
    listener = {
      userDeactivated: stubFor<IUserLifecycleListener['userDeactivated']>().callsFake(record('deactivated')),
      userActivated: stubFor<IUserLifecycleListener['userActivated']>().callsFake(record('activated')),
      passwordChanged: stubFor<IUserLifecycleListener['passwordChanged']>().callsFake(record('passwordChanged')),
    };
    audited = [];
    audit = { record: (event) => void audited.push(event) };
    // Its own hash stub: the verifier hashes a dummy password at construction, which is not the service's doing.
    const passwords = new PasswordCredentialVerifier({ hash: async () => '$argon2id$dummy', verify: (hash, candidate) => hasher.verify(hash, candidate) });
    service = new UserService(repo, hasher, uow, cache, { now: () => NOW }, TTL, audit, passwords, [listener]);
  });

  const store = (user: User) => {
    stored.set(user.cpf.value, user);
    return user;
  };

  describe('register', () => {
    it('creates an active customer from normalised input, stamped by the clock', async () => {
      const user = await service.register({ cpf: '529.982.247-25', name: '  Ana Silva ', email: 'Ana@Example.com' });
      expect(user.cpf.value).to.equal('52998224725');
      expect(user.name.value).to.equal('Ana Silva');
      expect(user.email.value).to.equal('ana@example.com');
      expect(user.role).to.equal('customer');
      expect(user.isActive).to.equal(true);
      expect(user.passwordHash).to.equal(null);
      expect(user.createdAt).to.equal(NOW);
      expect(repo.create.calledOnceWith(user)).to.equal(true);
      expect(hasher.hash.called).to.equal(false);
    });

    it('stores only the hash of a given password, and a given role', async () => {
      const user = await service.register({ cpf: '52998224725', name: 'Ana Silva', email: 'ana@example.com', password: 'correct horse battery', role: 'admin' });
      expect(user.passwordHash).to.equal('$argon2id$hashed');
      expect(user.role).to.equal('admin');
      expect(hasher.hash.firstCall.args[0].value).to.equal('correct horse battery');
    });

    for (const [input, error] of [
      [{ cpf: '123.456.789-10', name: 'Ana Silva', email: 'ana@example.com' }, InvalidCpfError],
      [{ cpf: '52998224725', name: 'An', email: 'ana@example.com' }, ValidationError],
      [{ cpf: '52998224725', name: 'Ana Silva', email: 'not-an-email' }, ValidationError],
      [{ cpf: '52998224725', name: 'Ana Silva', email: 'ana@example.com', password: 'short' }, ValidationError],
    ] as const) {
      it(`refuses ${JSON.stringify(input)} with ${error.name} and stores nothing`, async () => {
        expect(await rejectionOf(service.register(input))).to.be.instanceOf(error);
        expect(repo.create.called).to.equal(false);
        expect(hasher.hash.called).to.equal(false);
      });
    }

    it('lets the repository refuse a duplicate', async () => {
      repo.create.rejects(new UserAlreadyExistsError());
      expect(await rejectionOf(service.register({ cpf: '52998224725', name: 'Ana Silva', email: 'ana@example.com' }))).to.be.instanceOf(UserAlreadyExistsError);
    });
  });

  describe('getByCpf (cache-aside)', () => {
    it('answers from the cache without touching the repository', async () => {
      const user = aUser().withId(5).withName('Cached Name').build();
      await cache.set(userCacheKey(user.cpf), UserCacheCodec.encode(user), TTL);
      const found = await service.getByCpf(user.cpf.formatted());
      expect(found.id).to.equal(5);
      expect(found.name.value).to.equal('Cached Name');
      expect(repo.findByCpf.called).to.equal(false);
    });

    it('on a miss reads the repository and fills the cache with the ttl', async () => {
      const user = store(aUser().withId(6).withPasswordHash('$argon2id$secret').build());
      const found = await service.getByCpf(user.cpf.value);
      expect(found).to.equal(user);
      const entry = cache.entries.get(userCacheKey(user.cpf))!;
      expect(entry.ttl).to.equal(TTL);
      expect(UserCacheCodec.decode(entry.value)?.id).to.equal(6);
      expect(entry.value).to.not.contain('argon2id');
      // The second read is a hit.
      await service.getByCpf(user.cpf.formatted());
      expect(repo.findByCpf.callCount).to.equal(1);
    });

    it('falls back to the repository on an unreadable entry and replaces it', async () => {
      const user = store(aUser().withId(7).build());
      await cache.set(userCacheKey(user.cpf), '{corrupt', TTL);
      expect((await service.getByCpf(user.cpf.value)).id).to.equal(7);
      expect(UserCacheCodec.decode(cache.entries.get(userCacheKey(user.cpf))!.value)?.id).to.equal(7);
    });

    it('does not put a row read around a write over the write\'s marker, and serves that read from the repository', async () => {
      const user = store(aUser().withId(71).build());
      await cache.set(userCacheKey(user.cpf), USER_CACHE_INVALIDATED, INVALIDATION_TTL_SECONDS);
      expect((await service.getByCpf(user.cpf.value)).id).to.equal(71);
      expect(cache.entries.get(userCacheKey(user.cpf))!.value).to.equal(USER_CACHE_INVALIDATED);
      expect(repo.findByCpf.callCount).to.equal(1);
    });

    it('a read that missed before a write committed cannot put the old row back', async () => {
      const user = store(aUser().withId(72).withName('Old Name').build());
      // The reader misses and fetches the old row; the write commits and marks the key before the reader fills it.
      repo.findByCpf.callsFake(async (cpf) => {
        const old = stored.get(cpf.value) ?? null;
        await cache.set(userCacheKey(cpf), USER_CACHE_INVALIDATED, INVALIDATION_TTL_SECONDS);
        return old;
      });
      expect((await service.getByCpf(user.cpf.value)).name.value).to.equal('Old Name');
      expect(cache.entries.get(userCacheKey(user.cpf))!.value).to.equal(USER_CACHE_INVALIDATED);
    });

    it('throws UserNotFoundError and caches nothing for an unknown CPF', async () => {
      expect(await rejectionOf(service.getByCpf('529.982.247-25'))).to.be.instanceOf(UserNotFoundError);
      expect(cache.entries.size).to.equal(0);
    });

    it('refuses an invalid CPF before any lookup', async () => {
      expect(await rejectionOf(service.getByCpf('123'))).to.be.instanceOf(InvalidCpfError);
      expect(repo.findByCpf.called).to.equal(false);
    });
  });

  describe('update', () => {
    it('renames and changes the email in a transaction, stores the change and marks the cache entry invalidated', async () => {
      const user = store(aUser().withId(8).build());
      await service.getByCpf(user.cpf.value);
      expect(cache.entries.has(userCacheKey(user.cpf))).to.equal(true);

      const updated = await service.update(user.cpf.formatted(), { name: 'New Name', email: 'NEW@example.com' }, BY_ADMIN);
      expect(updated.name.value).to.equal('New Name');
      expect(updated.email.value).to.equal('new@example.com');
      expect(updated.updatedAt).to.equal(NOW);
      expect(stored.get(user.cpf.value)!.name.value).to.equal('New Name');
      expect(cache.entries.get(userCacheKey(user.cpf))).to.deep.equal({ value: USER_CACHE_INVALIDATED, ttl: INVALIDATION_TTL_SECONDS });
      expect(writesInTransaction).to.deep.equal([true]);
      expect(repo.findByCpf.lastCall.args[1]).to.deep.equal({ forUpdate: true });
    });

    it('a password change stores the new hash and tells the listeners inside the transaction', async () => {
      const user = store(aUser().withId(9).build());
      const updated = await service.update(user.cpf.value, { password: 'a brand new passphrase' }, BY_ADMIN);
      expect(updated.passwordHash).to.equal('$argon2id$hashed');
      expect(insideTransaction).to.deep.equal(['passwordChanged:true']);
      expect(audited).to.deep.equal([{ type: 'user.password.reset', target: 'user:9' }]);
    });

    it("a user's own change of e-mail or password needs the current password: missing is a 400, before anything else", async () => {
      const user = store(aUser().withId(20).build());
      const error = await rejectionOf(service.update(user.cpf.value, { password: 'a brand new passphrase' }, BY_SELF_WITH_PROOF));
      expect(error).to.be.instanceOf(ValidationError).with.property('field', 'currentPassword');
      expect(hasher.hash.called).to.equal(false);
      expect(repo.update.called).to.equal(false);
    });

    it('a wrong current password changes nothing and is audited as a failed proof', async () => {
      const user = store(aUser().withId(21).withPasswordHash('$argon2id$old').build());
      hasher.verify.resolves(false);
      const error = await rejectionOf(service.update(user.cpf.value, { email: 'new@example.com', currentPassword: 'not it' }, BY_SELF_WITH_PROOF));
      expect(error).to.be.instanceOf(CurrentPasswordInvalidError);
      expect(repo.update.called).to.equal(false);
      expect(stored.get(user.cpf.value)!.email.value).to.equal(user.email.value);
      expect(audited).to.deep.equal([{ type: 'auth.login.failed', target: 'user:21', detail: { reason: 'current_password' } }]);
    });

    it('the right current password lets the change through, audited as the user\'s own', async () => {
      const user = store(aUser().withId(22).withPasswordHash('$argon2id$old').build());
      hasher.verify.resolves(true);
      const updated = await service.update(user.cpf.value, { email: 'new@example.com', password: 'a brand new passphrase', currentPassword: 'the old one' }, BY_SELF_WITH_PROOF);
      expect(updated.email.value).to.equal('new@example.com');
      expect(audited.map((event) => event.type)).to.deep.equal(['user.email.changed', 'user.password.changed']);
    });

    it('a change without a password tells no listener', async () => {
      const user = store(aUser().withId(10).build());
      await service.update(user.cpf.value, { name: 'Other Name' }, BY_ADMIN);
      expect(insideTransaction).to.deep.equal([]);
    });

    for (const [changes, field] of [
      [{ name: 'x' }, 'name'],
      [{ email: 'bad' }, 'email'],
      [{ password: 'short' }, 'password'],
      [{ name: 'Good Name', email: 'bad' }, 'email'],
    ] as const) {
      it(`bad input ${JSON.stringify(changes)} changes nothing: no transaction, no write, cache kept`, async () => {
        const user = store(aUser().withId(11).build());
        await service.getByCpf(user.cpf.value);
        const transaction = sinon.spy(uow, 'transaction');
        const error = await rejectionOf(service.update(user.cpf.value, changes, BY_ADMIN));
        expect(error).to.be.instanceOf(ValidationError).with.property('field', field);
        expect(repo.update.called).to.equal(false);
        expect(transaction.called).to.equal(false);
        expect(stored.get(user.cpf.value)!.name.value).to.equal(user.name.value);
        expect(cache.entries.has(userCacheKey(user.cpf))).to.equal(true);
      });
    }

    it('throws UserNotFoundError for an unknown CPF and writes nothing', async () => {
      expect(await rejectionOf(service.update('529.982.247-25', { name: 'New Name' }, BY_ADMIN))).to.be.instanceOf(UserNotFoundError);
      expect(repo.update.called).to.equal(false);
    });
  });

  describe('deactivate / activate', () => {
    it('deactivates, tells the listeners inside the transaction, stores it and marks the cache entry invalidated', async () => {
      const user = store(aUser().withId(12).build());
      await service.getByCpf(user.cpf.value);
      const result = await service.deactivate(user.cpf.formatted());
      expect(result.isActive).to.equal(false);
      expect(stored.get(user.cpf.value)!.isActive).to.equal(false);
      expect(insideTransaction).to.deep.equal(['deactivated:true']);
      expect(listener.userDeactivated.firstCall.args[0]).to.equal(user);
      expect(cache.entries.get(userCacheKey(user.cpf))!.value).to.equal(USER_CACHE_INVALIDATED);
    });

    it('activates an inactive user the same way', async () => {
      const user = store(aUser().withId(13).inactive().build());
      const result = await service.activate(user.cpf.value);
      expect(result.isActive).to.equal(true);
      expect(insideTransaction).to.deep.equal(['activated:true']);
    });

    it('deactivating an inactive user fails with nothing stored and no listener told', async () => {
      const user = store(aUser().withId(14).inactive().build());
      expect(await rejectionOf(service.deactivate(user.cpf.value))).to.be.instanceOf(UserAlreadyInactiveError);
      expect(repo.update.called).to.equal(false);
      expect(insideTransaction).to.deep.equal([]);
    });

    it('activating an active user fails with nothing stored', async () => {
      const user = store(aUser().withId(15).build());
      expect(await rejectionOf(service.activate(user.cpf.value))).to.be.instanceOf(UserAlreadyActiveError);
      expect(repo.update.called).to.equal(false);
    });

    it('a failing listener aborts the change before it is stored, and keeps the cache entry', async () => {
      const user = store(aUser().withId(16).build());
      await service.getByCpf(user.cpf.value);
      listener.userDeactivated.rejects(new Error('revocation failed'));
      expect(((await rejectionOf(service.deactivate(user.cpf.value))) as Error).message).to.equal('revocation failed');
      expect(repo.update.called).to.equal(false);
      expect(cache.entries.has(userCacheKey(user.cpf))).to.equal(true);
    });

    it('works without any listener bound', async () => {
      const bare = new UserService(repo, hasher, uow, cache, { now: () => NOW }, TTL, audit, new PasswordCredentialVerifier(hasher));
      const user = store(aUser().withId(17).build());
      expect((await bare.deactivate(user.cpf.value)).isActive).to.equal(false);
    });
  });

  it('listActive passes the page query to the repository', async () => {
    const page = { items: [aUser().withId(1).build()], nextKey: 1 };
    repo.listActive.resolves(page);
    expect(await service.listActive({ limit: 1, after: 0 })).to.equal(page);
    expect(repo.listActive.firstCall.args[0]).to.deep.equal({ limit: 1, after: 0 });
  });
});

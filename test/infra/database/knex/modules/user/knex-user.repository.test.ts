import { expect } from 'chai';
import type { Knex } from 'knex';
import { Cpf } from '../../../../../../src/domain/modules/user/cpf.value-object';
import { Email } from '../../../../../../src/domain/modules/user/email.value-object';
import { PersonName } from '../../../../../../src/domain/modules/user/person-name.value-object';
import { UserAlreadyExistsError, UserNotFoundError } from '../../../../../../src/domain/modules/user/user.errors';
import { KnexDbContext } from '../../../../../../src/infra/database/knex/knex-db-context';
import { KnexUnitOfWork } from '../../../../../../src/infra/database/knex/knex-unit-of-work';
import { KnexUserRepository } from '../../../../../../src/infra/database/knex/modules/user/knex-user.repository';
import { aUser } from '../../../../../builders/user.builder';
import { usingPostgres, useMigratedDatabase } from '../../../../../helpers/database';

const T1 = new Date('2026-03-04T05:06:07.000Z');

describe('KnexUserRepository', () => {
  const database = useMigratedDatabase();
  let db: Knex;
  let users: KnexUserRepository;

  beforeEach(async () => {
    db = database.db;
    users = new KnexUserRepository(new KnexDbContext(db));
  });

  describe('create', () => {
    it('stores every field and returns the user with its id', async () => {
      const user = aUser().withCpf('529.982.247-25').withName('Ana Silva').withEmail('ana@example.com').withPasswordHash('$argon2id$x').admin().build();
      const saved = await users.create(user);
      expect(saved.id).to.be.a('number').and.above(0);
      const [row] = await db('users').where({ id: saved.id });
      expect(row).to.include({ cpf: '52998224725', name: 'Ana Silva', email: 'ana@example.com', password_hash: '$argon2id$x', role: 'admin', is_active: true });
      expect(new Date(row.created_at).toISOString()).to.equal(user.createdAt.toISOString());
      expect(saved.cpf.value).to.equal('52998224725');
      expect(saved.passwordHash).to.equal('$argon2id$x');
    });

    it('refuses a duplicate CPF with UserAlreadyExistsError and stores nothing more', async () => {
      const first = await users.create(aUser().build());
      await expectRejection(users.create(aUser().withCpf(first.cpf.value).build()), UserAlreadyExistsError);
      expect(await count(db)).to.equal(1);
    });

    it('refuses a duplicate email, whatever its case', async () => {
      await users.create(aUser().withEmail('Ana.Silva@Example.com').build());
      await expectRejection(users.create(aUser().withEmail('ANA.SILVA@EXAMPLE.COM').build()), UserAlreadyExistsError);
      expect(await count(db)).to.equal(1);
    });

    it('lets other database errors through untranslated', async () => {
      await db.raw('ALTER TABLE users RENAME COLUMN name TO full_name');
      try {
        const error = await users.create(aUser().build()).then(
          () => expect.fail('create should fail'),
          (e: unknown) => e,
        );
        expect(error).to.not.be.instanceOf(UserAlreadyExistsError);
        expect((error as { code?: string }).code).to.equal('42703');
      } finally {
        await db.raw('ALTER TABLE users RENAME COLUMN full_name TO name');
      }
    });
  });

  describe('finders', () => {
    it('findById, findByCpf and findByEmail return the stored user, or null', async () => {
      const saved = await users.create(aUser().withEmail('Bia@Example.com').build());
      expect((await users.findById(saved.id!))?.cpf.value).to.equal(saved.cpf.value);
      expect((await users.findByCpf(saved.cpf))?.id).to.equal(saved.id);
      expect((await users.findByEmail(Email.parse('BIA@example.COM')))?.id).to.equal(saved.id);
      expect(await users.findById(saved.id! + 1000)).to.equal(null);
      expect(await users.findByCpf(Cpf.parse('111.444.777-35'))).to.equal(null);
      expect(await users.findByEmail(Email.parse('nobody@example.com'))).to.equal(null);
    });

    it('isEmpty is true only before the first user', async () => {
      expect(await users.isEmpty()).to.equal(true);
      await users.create(aUser().build());
      expect(await users.isEmpty()).to.equal(false);
    });
  });

  describe('update', () => {
    it('writes name, email, activity, password hash and update time, never cpf or creation time', async () => {
      const saved = await users.create(aUser().build());
      saved.rename(PersonName.parse('Renamed Person'), T1);
      saved.changeEmail(Email.parse('renamed@example.com'), T1);
      saved.changePasswordHash('$argon2id$new', T1);
      saved.deactivate(T1);
      const updated = await users.update(saved);
      expect(updated.name.value).to.equal('Renamed Person');
      const [row] = await db('users').where({ id: saved.id });
      expect(row).to.include({ cpf: saved.cpf.value, name: 'Renamed Person', email: 'renamed@example.com', password_hash: '$argon2id$new', is_active: false });
      expect(new Date(row.updated_at).toISOString()).to.equal(T1.toISOString());
      expect(new Date(row.created_at).toISOString()).to.equal(saved.createdAt.toISOString());
    });

    it('refuses an email another user has, whatever its case, and leaves both users as they were', async () => {
      await users.create(aUser().withEmail('taken@example.com').build());
      const other = await users.create(aUser().withEmail('free@example.com').build());
      other.changeEmail(Email.parse('TAKEN@example.com'), T1);
      await expectRejection(users.update(other), UserAlreadyExistsError);
      const emails = (await db('users').orderBy('id').select('email')).map((r: { email: string }) => r.email);
      expect(emails).to.deep.equal(['taken@example.com', 'free@example.com']);
    });

    it('throws UserNotFoundError for a user that is not stored', async () => {
      await expectRejection(users.update(aUser().withId(424242).build()), UserNotFoundError);
    });
  });

  describe('listActive', () => {
    it('pages active users in id order with keyset cursors', async () => {
      const saved = [];
      for (let i = 0; i < 6; i++) saved.push(await users.create(aUser().build()));
      const inactive = saved[2];
      inactive.deactivate(T1);
      await users.update(inactive);
      const activeIds = saved.filter((u) => u !== inactive).map((u) => u.id);

      const first = await users.listActive({ limit: 2 });
      expect(first.items.map((u) => u.id)).to.deep.equal(activeIds.slice(0, 2));
      expect(first.nextKey).to.equal(activeIds[1]);

      const second = await users.listActive({ limit: 2, after: first.nextKey! });
      expect(second.items.map((u) => u.id)).to.deep.equal(activeIds.slice(2, 4));

      const last = await users.listActive({ limit: 2, after: second.nextKey! });
      expect(last.items.map((u) => u.id)).to.deep.equal(activeIds.slice(4));
      expect(last.nextKey).to.equal(null);
    });

    it('answers an empty page past the end', async () => {
      const saved = await users.create(aUser().build());
      expect(await users.listActive({ limit: 5, after: saved.id! })).to.deep.equal({ items: [], nextKey: null });
    });
  });

  describe('findByCpf with forUpdate', () => {
    it('asks the database for a row lock', async () => {
      const saved = await users.create(aUser().build());
      const sql: string[] = [];
      const listener = (q: { sql: string }) => sql.push(q.sql);
      db.on('query', listener);
      try {
        const context = new KnexDbContext(db);
        await new KnexUnitOfWork(context).transaction(() => new KnexUserRepository(context).findByCpf(saved.cpf, { forUpdate: true }));
        await users.findByCpf(saved.cpf);
      } finally {
        db.off('query', listener);
      }
      // The plain read is written out (upper case, unquoted); the locking one comes from the builder.
      const selects = sql.filter((s) => /from "?users"?/i.test(s));
      expect(selects).to.have.length(2);
      expect(selects[0]).to.match(/for update$/);
      expect(selects[1]).to.not.match(/for update/i);
    });

    (usingPostgres() ? it : it.skip)('blocks a second locker until the first transaction ends (PostgreSQL only: PGlite has one connection)', async () => {
      const saved = await users.create(aUser().build());
      const holder = new KnexDbContext(db);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const lockTaken = new Promise<void>((resolve) => (locked = resolve));
      const first = new KnexUnitOfWork(holder).transaction(async () => {
        await new KnexUserRepository(holder).findByCpf(saved.cpf, { forUpdate: true });
        locked();
        await held;
      });
      await lockTaken;
      const waiter = new KnexDbContext(db);
      const error = await new KnexUnitOfWork(waiter)
        .transaction(async () => {
          await waiter.executor().raw(`SET LOCAL lock_timeout = '150ms'`);
          return new KnexUserRepository(waiter).findByCpf(saved.cpf, { forUpdate: true });
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      release();
      await first;
      expect((error as { code?: string } | null)?.code, 'lock_not_available').to.equal('55P03');
      // Once the holder committed, the lock is free again.
      const again = await new KnexUnitOfWork(waiter).transaction(() => new KnexUserRepository(waiter).findByCpf(saved.cpf, { forUpdate: true }));
      expect(again?.id).to.equal(saved.id);
    });
  });
});

async function count(db: Knex): Promise<number> {
  const [{ n }] = await db('users').count<{ n: string }[]>({ n: '*' });
  return Number(n);
}

async function expectRejection(promise: Promise<unknown>, type: new (...args: never[]) => Error): Promise<void> {
  const outcome = await promise.then(
    () => 'resolved',
    (e: unknown) => e,
  );
  expect(outcome).to.be.instanceOf(type);
}

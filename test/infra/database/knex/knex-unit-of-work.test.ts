import { expect } from 'chai';
import type { Knex } from 'knex';
import { ConcurrencyConflictError } from '../../../../src/domain/shared/domain-error';
import { KnexDbContext } from '../../../../src/infra/database/knex/knex-db-context';
import { KnexUnitOfWork } from '../../../../src/infra/database/knex/knex-unit-of-work';
import { KnexUserRepository } from '../../../../src/infra/database/knex/modules/user/knex-user.repository';
import { aUser } from '../../../builders/user.builder';
import { usingPostgres, useMigratedDatabase } from '../../../helpers/database';
import { rejectionOf } from '../../../doubles/rejection';

/** An error shaped like the pg driver's, with a SQLSTATE code. */
const sqlError = (code: string) => Object.assign(new Error(`simulated ${code}`), { code });

describe('KnexUnitOfWork', () => {
  const database = useMigratedDatabase();
  let db: Knex;
  let context: KnexDbContext;
  let uow: KnexUnitOfWork;
  let users: KnexUserRepository;

  beforeEach(async () => {
    db = database.db;
    context = new KnexDbContext(db);
    uow = new KnexUnitOfWork(context);
    users = new KnexUserRepository(context);
  });

  const userCount = async () => Number((await db('users').count<{ n: string }[]>({ n: '*' }))[0].n);

  it('commits the work and returns its result', async () => {
    const result = await uow.transaction(async () => {
      await users.create(aUser().build());
      await users.create(aUser().build());
      return 'done';
    });
    expect(result).to.equal('done');
    expect(await userCount()).to.equal(2);
    expect(context.inTransaction()).to.equal(false);
  });

  it('runs repositories inside the open transaction, and on the pool outside it', async () => {
    let inside: unknown;
    await uow.transaction(async () => {
      inside = context.executor();
    });
    expect(inside).to.not.equal(db);
    expect((inside as Knex.Transaction).isTransaction).to.equal(true);
    expect(context.executor()).to.equal(db);
  });

  it('rolls everything back when the work throws, and rethrows the error', async () => {
    const failure = new Error('boom');
    const error = await rejectionOf(
      uow.transaction(async () => {
        await users.create(aUser().build());
        throw failure;
      }),
    );
    expect(error).to.equal(failure);
    expect(await userCount()).to.equal(0);
    expect(context.inTransaction()).to.equal(false);
  });

  it('joins the outer transaction when nested, so an outer failure undoes the inner work', async () => {
    const seen: unknown[] = [];
    const error = await rejectionOf(
      uow.transaction(async () => {
        seen.push(context.executor());
        await uow.transaction(async () => {
          seen.push(context.executor());
          await users.create(aUser().build());
        });
        throw new Error('outer fails after the inner work finished');
      }),
    );
    expect((error as Error).message).to.match(/outer fails/);
    expect(seen[0]).to.equal(seen[1]);
    expect(await userCount()).to.equal(0);
  });

  for (const code of ['40001', '40P01']) {
    it(`retries the whole work after a ${code} and commits the attempt that succeeds`, async () => {
      let attempts = 0;
      const result = await uow.transaction(async () => {
        attempts++;
        await users.create(aUser().build());
        if (attempts < 3) throw sqlError(code);
        return attempts;
      });
      expect(result).to.equal(3);
      // The two failed attempts were rolled back: only the last one's row remains.
      expect(await userCount()).to.equal(1);
    });
  }

  it('gives up after 4 attempts with ConcurrencyConflictError, leaving nothing behind', async () => {
    let attempts = 0;
    const error = await rejectionOf(
      uow.transaction(async () => {
        attempts++;
        await users.create(aUser().build());
        throw sqlError('40001');
      }),
    );
    expect(error).to.be.instanceOf(ConcurrencyConflictError);
    expect(attempts).to.equal(4);
    expect(await userCount()).to.equal(0);
  });

  it('does not retry other database errors', async () => {
    let attempts = 0;
    const error = await rejectionOf(
      uow.transaction(async () => {
        attempts++;
        throw sqlError('23505');
      }),
    );
    expect((error as { code: string }).code).to.equal('23505');
    expect(attempts).to.equal(1);
  });

  it('opens a new connection once when the first is found dead at BEGIN, before any statement of the work ran', async () => {
    let begins = 0;
    // The pool hands out a connection a restart killed while it sat idle: BEGIN fails on it.
    const dyingDb = {
      transaction: (work: (trx: Knex.Transaction) => Promise<unknown>) => {
        begins++;
        if (begins === 1) return Promise.reject(new Error('Connection terminated unexpectedly'));
        return db.transaction(work);
      },
    };
    const dyingContext = Object.assign(Object.create(context) as KnexDbContext, { db: dyingDb });
    const retrying = new KnexUnitOfWork(dyingContext);
    const usersOnIt = new KnexUserRepository(dyingContext);
    let runs = 0;
    await retrying.transaction(async () => {
      runs++;
      await usersOnIt.create(aUser().build());
    });
    expect(begins).to.equal(2);
    expect(runs).to.equal(1);
    expect(await userCount()).to.equal(1);
  });

  it('never runs the work again after a connection failure once it began (a write may have been sent)', async () => {
    let runs = 0;
    const error = await rejectionOf(
      uow.transaction(async () => {
        runs++;
        await users.create(aUser().build());
        throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
      }),
    );
    expect((error as { code: string }).code).to.equal('57P01');
    expect(runs).to.equal(1);
  });

  describe('real serialization failures (PostgreSQL only: PGlite serves one connection, so transactions never overlap)', () => {
    const runOnPostgres = usingPostgres() ? it : it.skip;

    /**
     * Each attempt of the `victim` reads the counter under REPEATABLE READ (taking its snapshot),
     * then lets another transaction increment and commit it, then tries its own increment: the
     * database answers 40001 "could not serialize access due to concurrent update".
     */
    async function collide(interfere: (attempt: number) => boolean) {
      await db.schema.dropTableIfExists('uow_probe');
      await db.schema.createTable('uow_probe', (t) => {
        t.integer('id').primary();
        t.integer('n').notNullable();
      });
      await db('uow_probe').insert({ id: 1, n: 0 });
      let attempts = 0;
      const outcome = await uow
        .transaction(async () => {
          attempts++;
          const trx = context.executor();
          await trx.raw('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
          await trx('uow_probe').where({ id: 1 }).first();
          if (interfere(attempts)) {
            const other = new KnexDbContext(db);
            await new KnexUnitOfWork(other).transaction(async () => {
              await other.executor()('uow_probe').where({ id: 1 }).increment('n', 1);
            });
          }
          await trx('uow_probe').where({ id: 1 }).increment('n', 100);
          return 'committed';
        })
        .catch((error: unknown) => error);
      const { n } = await db('uow_probe').where({ id: 1 }).first();
      await db.schema.dropTable('uow_probe');
      return { outcome, attempts, n };
    }

    runOnPostgres('retries a real 40001 and then commits', async () => {
      const { outcome, attempts, n } = await collide((attempt) => attempt === 1);
      expect(outcome).to.equal('committed');
      expect(attempts).to.equal(2);
      // The interfering increment and the retried one both count; the failed attempt does not.
      expect(n).to.equal(101);
    });

    runOnPostgres('answers ConcurrencyConflictError when every attempt collides', async () => {
      const { outcome, attempts, n } = await collide(() => true);
      expect(outcome).to.be.instanceOf(ConcurrencyConflictError);
      expect(attempts).to.equal(4);
      expect(n).to.equal(4);
    });
  });
});

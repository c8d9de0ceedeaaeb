import { expect } from 'chai';
import { openCliContainer } from '../../src/cli/cli-container';
import type { FincoreContainer } from '../../src/config/container';
import { loadSettings } from '../../src/config/settings';
import type { IUserRepository } from '../../src/domain/modules/user/user.repository';
import { USER_TYPES } from '../../src/domain/modules/user/user.types';
import { SHARED_TYPES } from '../../src/domain/shared/shared.types';
import type { IUnitOfWork } from '../../src/domain/shared/unit-of-work.port';
import { type KnexDbContext, TransactionEndedError } from '../../src/infra/database/knex/knex-db-context';
import { INFRA_TYPES } from '../../src/infra/infra.types';
import { aUser } from '../builders/user.builder';
import { rejectionOf } from '../doubles/rejection';
import { resetDatabase, testDatabaseOptions } from '../helpers/database';

/**
 * The open transaction belongs to the work, not to an object graph: whatever is resolved, from
 * wherever, while the work runs joins it. A middleware, a job or a second entry point that
 * resolves its own repositories cannot end up in a second transaction.
 */
describe('the open transaction', () => {
  let core: FincoreContainer;
  const uow = () => core.container.get<IUnitOfWork>(SHARED_TYPES.IUnitOfWork);
  /** Users counted on what repositories run on now: the open transaction, or the pool. */
  const count = async () => {
    const executor = core.container.get<KnexDbContext>(INFRA_TYPES.KnexDbContext).executor();
    return Number((await executor('users').count<{ n: string }[]>({ n: '*' }))[0].n);
  };

  before(async function () {
    this.timeout(60_000);
    core = await openCliContainer(loadSettings({ ...process.env, REDIS_URL: '', LOG_LEVEL: 'silent' }), testDatabaseOptions());
    await core.db.migrate.latest();
  });
  beforeEach(async () => resetDatabase(core.db));
  after(async () => core.close());

  it('is shared by two graphs resolved separately inside it, and rolled back for both', async function () {
    this.timeout(20_000);
    const seen: (number | null)[] = [];
    const error = await rejectionOf(
      uow().transaction(async () => {
        // Two separate resolutions, one from a child container as a second entry point would make.
        const first = core.container.get<IUserRepository>(USER_TYPES.IUserRepository);
        const second = core.container.createChild().get<IUserRepository>(USER_TYPES.IUserRepository);
        const alice = await first.create(aUser().withCpf('111.444.777-35').build());
        seen.push((await second.findByCpf(alice.cpf))?.id ?? null);
        await second.create(aUser().withCpf('529.982.247-25').withEmail('bob@example.com').build());
        seen.push(await count());
        throw new Error('undo');
      }),
    );
    expect((error as Error).message).to.equal('undo');
    expect(seen[0]).to.be.a('number');
    expect(seen[1]).to.equal(2);
    // Inside, the count ran on the transaction and saw both rows; after the rollback, none.
    expect(await count()).to.equal(0);
  });

  it('is the work’s: a nested unit of work resolved on its own joins it instead of committing', async () => {
    await rejectionOf(
      uow().transaction(async () => {
        await core.container.createChild().get<IUnitOfWork>(SHARED_TYPES.IUnitOfWork).transaction(async () => {
          await core.container.get<IUserRepository>(USER_TYPES.IUserRepository).create(aUser().build());
        });
        throw new Error('undo');
      }),
    );
    expect(await count()).to.equal(0);
  });

  it('ends with the work: a timer started inside it runs on the pool afterwards', async () => {
    let later: Promise<number> | undefined;
    await uow().transaction(async () => {
      later = new Promise((resolve, reject) => setTimeout(() => core.container.get<IUserRepository>(USER_TYPES.IUserRepository).create(aUser().build()).then(() => count().then(resolve), reject), 20));
    });
    expect(await later).to.equal(1);
  });

  it('ends with the work: after a rollback, a statement of it is refused, never run on the pool alone', async () => {
    let later: Promise<unknown> | undefined;
    const rolledBack = await rejectionOf(
      uow().transaction(async () => {
        later = new Promise((resolve) => setTimeout(() => core.container.get<IUserRepository>(USER_TYPES.IUserRepository).create(aUser().build()).then(resolve, resolve), 20));
        throw new Error('rolled back');
      }),
    );
    expect(rolledBack).to.have.property('message', 'rolled back');
    expect(await later).to.be.instanceOf(TransactionEndedError);
    expect(await count()).to.equal(0);
  });
});

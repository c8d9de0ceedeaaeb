import { expect } from 'chai';
import sinon from 'sinon';
import type { Principal } from '../../../../src/domain/modules/auth/principal';
import type { Account } from '../../../../src/domain/modules/financial/account.entity';
import type { IAccountRepository } from '../../../../src/domain/modules/financial/account.repository';
import { AccountBalanceNotZeroError } from '../../../../src/domain/modules/financial/financial.errors';
import type { RequestRecord } from '../../../../src/domain/modules/financial/idempotency.port';
import type { ILedgerRepository } from '../../../../src/domain/modules/financial/ledger.repository';
import type { IUserRepository } from '../../../../src/domain/modules/user/user.repository';
import { AccountService } from '../../../../src/infra/services/financial/account.service';
import { anAccount } from '../../../builders/account.builder';
import { FakeUnitOfWork } from '../../../doubles/fake-unit-of-work';
import { stubPort } from '../../../doubles/stub-port';
import { RecordingOutbox } from '../../../doubles/recording-outbox';

const NOW = new Date('2026-06-01T10:00:00.000Z');
const OWNER: Principal = { kind: 'user', userId: 7, role: 'customer' };

describe('AccountService.close', () => {
  let uow: FakeUnitOfWork;
  let accounts: sinon.SinonStubbedInstance<IAccountRepository>;
  let service: AccountService;
  let completed: { account: Account; inTransaction: boolean }[];
  let record: RequestRecord<Account>;
  let outbox: RecordingOutbox;

  beforeEach(() => {
    uow = new FakeUnitOfWork();
    outbox = new RecordingOutbox();
    accounts = stubPort<IAccountRepository>();
    completed = [];
    record = {
      externalKey: 'k',
      resumeFrom: null,
      checkpoint: async () => undefined,
      complete: async (account) => {
        completed.push({ account, inTransaction: uow.active });
      },
      outcome: () => null,
    };
    service = new AccountService(
      accounts,
      {} as ILedgerRepository,
      {} as IUserRepository,
      { supportedCurrencies: ['BRL'], idempotencyLeaseMs: 60_000 },
      uow,
      { now: () => NOW },
      outbox,
    );
  });

  it('stores the idempotent answer in the same transaction as the close', async () => {
    const account = anAccount().ownedBy(7).build();
    const closed = anAccount().withId(account.id).ownedBy(7).closed().build();
    accounts.findById.resolves(account);
    accounts.close.resolves(closed);
    expect(await service.close(OWNER, account.id, record)).to.equal(closed);
    expect(completed).to.deep.equal([{ account: closed, inTransaction: true }]);
    expect(outbox.events.map((e) => [e.type, e.data.status])).to.deep.equal([['account.closed', 'closed']]);
  });

  it('completes nothing when the close is refused', async () => {
    accounts.findById.resolves(anAccount().ownedBy(7).withBalance(5n).build());
    expect(await service.close(OWNER, 'a-1', record).catch((e: unknown) => e)).to.be.instanceOf(AccountBalanceNotZeroError);
    expect(completed).to.be.empty;
    expect(outbox.events).to.be.empty;
  });
});

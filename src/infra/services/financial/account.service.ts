import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { Principal } from '../../../domain/modules/auth/principal';
import { financialAccessPolicy as policy } from '../../../domain/modules/financial/financial-access.policy';
import { Account } from '../../../domain/modules/financial/account.entity';
import type { AccountCursor, IAccountRepository } from '../../../domain/modules/financial/account.repository';
import type { IAccountService, ListAccountsInput, OpenAccountInput } from '../../../domain/modules/financial/account.service';
import type { FinancialSettings } from '../../../domain/modules/financial/financial-settings';
import { AccountNotFoundError, AccountOwnerInactiveError } from '../../../domain/modules/financial/financial.errors';
import { FINANCIAL_TYPES } from '../../../domain/modules/financial/financial.types';
import type { RequestRecord } from '../../../domain/modules/financial/idempotency.port';
import type { ILedgerRepository } from '../../../domain/modules/financial/ledger.repository';
import type { StatementLine } from '../../../domain/modules/financial/statement-line';
import { Cpf } from '../../../domain/modules/user/cpf.value-object';
import type { User } from '../../../domain/modules/user/user.entity';
import { UserNotFoundError } from '../../../domain/modules/user/user.errors';
import type { IUserRepository } from '../../../domain/modules/user/user.repository';
import { USER_TYPES } from '../../../domain/modules/user/user.types';
import { accountEvent } from '../../../domain/modules/financial/financial.events';
import type { IClock } from '../../../domain/shared/clock.port';
import type { IEventOutbox } from '../../../domain/shared/events.port';
import { ConcurrencyConflictError, ValidationError } from '../../../domain/shared/domain-error';
import type { Page, PageQuery } from '../../../domain/shared/pagination';
import { SHARED_TYPES } from '../../../domain/shared/shared.types';
import type { IUnitOfWork } from '../../../domain/shared/unit-of-work.port';
import { assertSupportedCurrency, existingAccount } from './financial-guards';

const EMPTY_PAGE: Page<Account, AccountCursor> = { items: [], nextKey: null };

@injectable()
export class AccountService implements IAccountService {
  constructor(
    @inject(FINANCIAL_TYPES.IAccountRepository) private readonly accounts: IAccountRepository,
    @inject(FINANCIAL_TYPES.ILedgerRepository) private readonly ledger: ILedgerRepository,
    @inject(USER_TYPES.IUserRepository) private readonly users: IUserRepository,
    @inject(FINANCIAL_TYPES.FinancialSettings) private readonly settings: FinancialSettings,
    @inject(SHARED_TYPES.IUnitOfWork) private readonly uow: IUnitOfWork,
    @inject(SHARED_TYPES.IClock) private readonly clock: IClock,
    @inject(SHARED_TYPES.IEventOutbox) private readonly outbox: IEventOutbox,
  ) {}

  async open(actor: Principal, input: OpenAccountInput, record?: RequestRecord<Account>): Promise<Account> {
    policy.assertMayAttempt(actor, 'openAccount');
    assertSupportedCurrency(this.settings, input.currency);
    const ownerCpf = await this.ownerCpfFor(actor, input.ownerCpf, 'openAccount');
    return this.uow.transaction(async () => {
      // Locked, so that the owner cannot be deactivated between this check and the insert.
      const owner = await this.users.findByCpf(ownerCpf, { forUpdate: true });
      if (!owner) throw new UserNotFoundError();
      if (!owner.isActive) throw new AccountOwnerInactiveError();
      const account = await this.accounts.create(Account.open({ id: randomUUID(), ownerId: owner.id as number, currency: input.currency, now: this.clock.now() }));
      await this.outbox.record(accountEvent('account.opened', account));
      await record?.complete(account);
      return account;
    });
  }

  async get(actor: Principal, accountId: string): Promise<Account> {
    policy.assertMayAttempt(actor, 'readAccount');
    const account = await existingAccount(this.accounts, accountId);
    policy.assertCanReadAccount(actor, account);
    return account;
  }

  async list(actor: Principal, input: ListAccountsInput): Promise<Page<Account, AccountCursor>> {
    policy.assertMayAttempt(actor, 'readAccount');
    const query = { limit: input.limit, after: input.after };
    if (policy.seesEveryAccount(actor) && input.ownerCpf === undefined) return this.accounts.list({}, query);
    const ownerCpf = await this.ownerCpfFor(actor, input.ownerCpf, 'readAccount');
    const owner = await this.users.findByCpf(ownerCpf);
    return owner ? this.accounts.list({ ownerId: owner.id as number }, query) : EMPTY_PAGE;
  }

  async close(actor: Principal, accountId: string, record?: RequestRecord<Account>): Promise<Account> {
    policy.assertMayAttempt(actor, 'closeAccount');
    return this.uow.transaction(async () => {
      const account = await existingAccount(this.accounts, accountId);
      policy.assertCanCloseAccount(actor, account);
      account.close(this.clock.now());
      // Conditional on a zero balance at this very moment: a deposit racing the close loses or waits.
      const closed = await this.accounts.close(accountId, this.clock.now());
      if (closed) {
        await this.outbox.record(accountEvent('account.closed', closed));
        await record?.complete(closed);
        return closed;
      }
      const current = await this.accounts.findById(accountId);
      if (!current) throw new AccountNotFoundError();
      current.close(this.clock.now());
      throw new ConcurrencyConflictError();
    });
  }

  async statement(actor: Principal, accountId: string, query: PageQuery<string>): Promise<Page<StatementLine, string>> {
    await this.get(actor, accountId);
    return this.ledger.statement(accountId, query);
  }

  /**
   * Whose accounts: the caller's own unless named (a service must name one); whom a caller may
   * name is the policy's.
   */
  private async ownerCpfFor(actor: Principal, ownerCpf: string | undefined, action: 'openAccount' | 'readAccount'): Promise<Cpf> {
    if (actor.kind === 'service') {
      if (ownerCpf === undefined) throw new ValidationError('ownerCpf', 'is required when a service client calls');
      return Cpf.parse(ownerCpf);
    }
    const self = await this.self(actor.userId);
    if (ownerCpf === undefined) return self.cpf;
    const named = Cpf.parse(ownerCpf);
    policy.assertCanNameOwner(actor, action, named.equals(self.cpf));
    return named;
  }

  private async self(userId: number): Promise<User> {
    const user = await this.users.findById(userId);
    if (!user) throw new UserNotFoundError();
    return user;
  }
}

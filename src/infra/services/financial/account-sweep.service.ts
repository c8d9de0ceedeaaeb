import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { Principal } from '../../../domain/modules/auth/principal';
import { financialAccessPolicy as policy } from '../../../domain/modules/financial/financial-access.policy';
import type { IAccountRepository } from '../../../domain/modules/financial/account.repository';
import type { IAccountSweepService } from '../../../domain/modules/financial/account-sweep.service';
import { AccountNotFoundError, SystemAccountError } from '../../../domain/modules/financial/financial.errors';
import { FINANCIAL_TYPES } from '../../../domain/modules/financial/financial.types';
import type { RequestRecord } from '../../../domain/modules/financial/idempotency.port';
import { LedgerTransaction } from '../../../domain/modules/financial/ledger-transaction.entity';
import type { IAuditLog } from '../../../domain/shared/audit-log.port';
import type { IClock } from '../../../domain/shared/clock.port';
import { SHARED_TYPES } from '../../../domain/shared/shared.types';
import type { IUnitOfWork } from '../../../domain/shared/unit-of-work.port';
import { LedgerPoster } from './ledger-poster';

/**
 * Money that reached an account after it closed (a charge captured while it was closing, a failed
 * payout or refund put back) has no other way out: the owner can no longer move it. An admin moves
 * the whole balance to another account of the same owner, as one `sweep` transaction.
 */
@injectable()
export class AccountSweepService implements IAccountSweepService {
  constructor(
    @inject(FINANCIAL_TYPES.IAccountRepository) private readonly accounts: IAccountRepository,
    @inject(LedgerPoster) private readonly poster: LedgerPoster,
    @inject(SHARED_TYPES.IUnitOfWork) private readonly uow: IUnitOfWork,
    @inject(SHARED_TYPES.IClock) private readonly clock: IClock,
    @inject(SHARED_TYPES.IAuditLog) private readonly audit: IAuditLog,
  ) {}

  async sweep(actor: Principal, input: { accountId: string; toAccountId: string }, record: RequestRecord<LedgerTransaction>): Promise<LedgerTransaction> {
    policy.assertCanAdministerLedger(actor);
    const posted = await this.uow.transaction(async () => {
      const from = await this.existing(input.accountId);
      const to = await this.existing(input.toAccountId);
      // The balance read here is what moves; the conditional debit refuses it if it shrank meanwhile,
      // and money that lands after this read stays for the next sweep (the integrity report lists it).
      const sweep = LedgerTransaction.sweep({ id: randomUUID(), from, to, now: this.clock.now() });
      const result = await this.poster.post(sweep, { evenIfInactive: true });
      await record.complete(result);
      return result;
    });
    this.audit.record({
      type: 'ledger.closed-account.moved',
      target: `transaction:${posted.id}`,
      detail: { fromAccountId: input.accountId, toAccountId: input.toAccountId, amount: posted.amount.toSafeInteger(), currency: posted.currency },
    });
    return posted;
  }

  private async existing(accountId: string) {
    const account = await this.accounts.findById(accountId);
    if (!account) throw new AccountNotFoundError();
    if (account.isSystem) throw new SystemAccountError();
    return account;
  }
}

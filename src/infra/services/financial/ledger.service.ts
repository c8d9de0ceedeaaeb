import { inject, injectable } from 'inversify';
import { canReach, canReachAll, type Principal } from '../../../domain/modules/auth/principal';
import { assertCanReachAll, assertServiceHasScope } from '../../../domain/modules/financial/account-access';
import type { IAccountRepository } from '../../../domain/modules/financial/account.repository';
import { TransactionNotFoundError } from '../../../domain/modules/financial/financial.errors';
import { FINANCIAL_TYPES } from '../../../domain/modules/financial/financial.types';
import type { IntegrityReport } from '../../../domain/modules/financial/integrity-report';
import type { LedgerTransaction } from '../../../domain/modules/financial/ledger-transaction.entity';
import type { ILedgerService } from '../../../domain/modules/financial/ledger.service';
import type { ILedgerRepository } from '../../../domain/modules/financial/ledger.repository';

@injectable()
export class LedgerService implements ILedgerService {
  constructor(
    @inject(FINANCIAL_TYPES.IAccountRepository) private readonly accounts: IAccountRepository,
    @inject(FINANCIAL_TYPES.ILedgerRepository) private readonly ledger: ILedgerRepository,
  ) {}

  async getTransaction(actor: Principal, transactionId: string): Promise<LedgerTransaction> {
    assertServiceHasScope(actor, 'accounts:read');
    const transaction = await this.ledger.findById(transactionId);
    if (!transaction) throw new TransactionNotFoundError();
    if (canReachAll(actor, 'accounts:read')) return transaction;
    for (const accountId of transaction.accountIds) {
      const account = await this.accounts.findById(accountId);
      if (account?.ownerId != null && canReach(actor, account.ownerId, 'accounts:read')) return transaction;
    }
    throw new TransactionNotFoundError();
  }

  async verifyIntegrity(actor: Principal): Promise<IntegrityReport> {
    assertCanReachAll(actor, 'ledger:admin');
    return this.ledger.verify();
  }
}

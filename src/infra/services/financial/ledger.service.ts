import { inject, injectable } from 'inversify';
import type { Principal } from '../../../domain/modules/auth/principal';
import { financialAccessPolicy as policy } from '../../../domain/modules/financial/financial-access.policy';
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
    policy.assertMayAttempt(actor, 'readAccount');
    const transaction = await this.ledger.findById(transactionId);
    if (!transaction) throw new TransactionNotFoundError();
    policy.assertCanReadTransaction(actor, await this.accounts.findByIds(transaction.accountIds));
    return transaction;
  }

  async verifyIntegrity(actor: Principal): Promise<IntegrityReport> {
    policy.assertCanAdministerLedger(actor);
    return this.ledger.verify();
  }
}

import { inject, injectable } from 'inversify';
import { settlementAccountId } from '../../../domain/modules/financial/account.entity';
import type { IAccountRepository } from '../../../domain/modules/financial/account.repository';
import { AccountNotFoundError } from '../../../domain/modules/financial/financial.errors';
import { FINANCIAL_TYPES } from '../../../domain/modules/financial/financial.types';
import type { LedgerEntry, LedgerTransaction } from '../../../domain/modules/financial/ledger-transaction.entity';
import type { ILedgerRepository } from '../../../domain/modules/financial/ledger.repository';
import type { Money } from '../../../domain/modules/financial/money.value-object';
import type { IClock } from '../../../domain/shared/clock.port';
import { ConcurrencyConflictError } from '../../../domain/shared/domain-error';
import { SHARED_TYPES } from '../../../domain/shared/shared.types';

const ATTEMPTS_PER_ENTRY = 3;

export interface PostingOptions {
  /**
   * Money that has already moved outside (a captured charge) or is put back (a failed payout):
   * credited even if the account closed meanwhile, since refusing it would lose it.
   */
  evenIfClosed?: boolean;
  /**
   * Money returned to where it came from (a refund to the payer, a closed account swept to its
   * owner): debited even from a frozen or closed account, though never below zero.
   */
  evenIfInactive?: boolean;
}

/**
 * Posts a transaction inside the caller's unit of work: each balance moves with one conditional
 * statement (check and change together), in the transaction's global posting order, and then the
 * transaction and its entries are appended with the resulting balances.
 */
@injectable()
export class LedgerPoster {
  constructor(
    @inject(FINANCIAL_TYPES.IAccountRepository) private readonly accounts: IAccountRepository,
    @inject(FINANCIAL_TYPES.ILedgerRepository) private readonly ledger: ILedgerRepository,
    @inject(SHARED_TYPES.IClock) private readonly clock: IClock,
  ) {}

  async post(transaction: LedgerTransaction, options: PostingOptions = {}): Promise<LedgerTransaction> {
    const now = this.clock.now();
    const balances = new Map<string, Money>();
    for (const entry of transaction.postingOrder()) {
      balances.set(entry.accountId, await this.apply(entry, now, options));
    }
    const posted = transaction.posted(balances);
    await this.ledger.record(posted);
    return posted;
  }

  private async apply(entry: LedgerEntry, now: Date, options: PostingOptions): Promise<Money> {
    if (entry.accountId === settlementAccountId(entry.amount.currency)) return this.accounts.postToSettlement(entry.amount, now);
    const isDebit = entry.amount.isNegative();
    const amount = isDebit ? entry.amount.negated() : entry.amount;
    for (let attempt = 0; attempt < ATTEMPTS_PER_ENTRY; attempt++) {
      const balance = isDebit
        ? await this.accounts.debit(entry.accountId, amount, now, { evenIfInactive: options.evenIfInactive === true })
        : await this.accounts.credit(entry.accountId, amount, now, { evenIfClosed: options.evenIfClosed === true });
      if (balance) return balance;
      // Refused. The entity, given the row as it is now, names the rule that refused it.
      const account = await this.accounts.findById(entry.accountId);
      if (!account) throw new AccountNotFoundError();
      if (isDebit) account.debit(amount, now, { evenIfInactive: options.evenIfInactive === true });
      else account.credit(amount, now);
      // The rules allow it after all: the row changed between the two statements. Try again.
    }
    throw new ConcurrencyConflictError();
  }
}

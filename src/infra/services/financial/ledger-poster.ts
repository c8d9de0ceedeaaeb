import { inject, injectable } from 'inversify';
import type { Logger } from 'pino';
import type { Account } from '../../../domain/modules/financial/account.entity';
import { isSettlementAccountId } from '../../../domain/modules/financial/account.entity';
import type { IAccountRepository } from '../../../domain/modules/financial/account.repository';
import { AccountNotFoundError } from '../../../domain/modules/financial/financial.errors';
import { FINANCIAL_TYPES } from '../../../domain/modules/financial/financial.types';
import type { OutcomeWrite } from '../../../domain/modules/financial/idempotency.port';
import type { LedgerEntry, LedgerTransaction } from '../../../domain/modules/financial/ledger-transaction.entity';
import type { ILedgerRepository } from '../../../domain/modules/financial/ledger.repository';
import type { Money } from '../../../domain/modules/financial/money.value-object';
import { transactionPosted } from '../../../domain/modules/financial/financial.events';
import type { IClock } from '../../../domain/shared/clock.port';
import type { IEventOutbox } from '../../../domain/shared/events.port';
import { ConcurrencyConflictError } from '../../../domain/shared/domain-error';
import { SHARED_TYPES } from '../../../domain/shared/shared.types';
import { INFRA_TYPES } from '../../infra.types';

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
 * transaction and its entries are appended with the resulting balances. Every posted transaction
 * records its `transaction.posted` event here, in the same unit of work (transfers and deposits:
 * in their one posting statement), while the accounts it moved are still locked by their balance
 * updates (what keeps the events in commit order per account).
 */
@injectable()
export class LedgerPoster {
  constructor(
    @inject(FINANCIAL_TYPES.IAccountRepository) private readonly accounts: IAccountRepository,
    @inject(FINANCIAL_TYPES.ILedgerRepository) private readonly ledger: ILedgerRepository,
    @inject(SHARED_TYPES.IClock) private readonly clock: IClock,
    @inject(INFRA_TYPES.Logger) private readonly logger: Logger,
    @inject(SHARED_TYPES.IEventOutbox) private readonly outbox: IEventOutbox,
  ) {}

  /**
   * A transfer between two customer accounts, already checked by the entities of both accounts as
   * loaded: balances, rows, entries, its event and the request's outcome (when given) in one
   * statement (see ILedgerRepository.postTransfer). The event is the transaction's before its
   * balances are known: the resource shows none.
   */
  async postTransfer(transfer: LedgerTransaction, outcome: OutcomeWrite | null = null): Promise<LedgerTransaction> {
    const [debit, credit] = transfer.entries[0].amount.isNegative() ? transfer.entries : [transfer.entries[1], transfer.entries[0]];
    const amount = credit.amount;
    const records = { event: transactionPosted(transfer), outcome };
    for (let attempt = 0; attempt < ATTEMPTS_PER_ENTRY; attempt++) {
      const posting = await this.ledger.postTransfer(transfer, records);
      if (posting.kind === 'posted') {
        return transfer.posted(
          new Map([
            [debit.accountId, posting.fromBalance],
            [credit.accountId, posting.toBalance],
          ]),
        );
      }
      const isDebit = posting.accountId === debit.accountId;
      await this.explainRefusal(posting.accountId, amount, isDebit, {}, (account, now) => (isDebit ? account.debit(amount, now) : account.credit(amount, now)));
    }
    throw new ConcurrencyConflictError();
  }

  /**
   * A deposit of a captured charge: credited even if the account closed meanwhile (the money has
   * arrived), in one statement with the settlement debit, the rows, its event and the request's
   * outcome (when given; see ILedgerRepository.postDeposit). That statement is atomic on its own:
   * it needs no unit of work around it, and the settlement shard it debits is then locked while it
   * runs only.
   */
  async postDeposit(deposit: LedgerTransaction, outcome: OutcomeWrite | null = null): Promise<LedgerTransaction> {
    const [credit, settlement] = deposit.entries;
    const records = { event: transactionPosted(deposit), outcome };
    for (let attempt = 0; attempt < ATTEMPTS_PER_ENTRY; attempt++) {
      const posting = await this.ledger.postDeposit(deposit, records);
      if (posting.kind === 'posted') {
        return deposit.posted(
          new Map([
            [credit.accountId, posting.accountBalance],
            [settlement.accountId, posting.settlementBalance],
          ]),
        );
      }
      await this.explainRefusal(credit.accountId, credit.amount, false, { evenIfClosed: true }, (account, now) => account.credit(credit.amount, now));
    }
    throw new ConcurrencyConflictError();
  }

  async post(transaction: LedgerTransaction, options: PostingOptions = {}): Promise<LedgerTransaction> {
    const now = this.clock.now();
    const balances = new Map<string, Money>();
    for (const entry of transaction.postingOrder()) {
      balances.set(entry.accountId, await this.apply(entry, now, options));
    }
    const posted = transaction.posted(balances);
    await this.ledger.record(posted);
    await this.outbox.record(transactionPosted(posted));
    return posted;
  }

  private async apply(entry: LedgerEntry, now: Date, options: PostingOptions): Promise<Money> {
    if (isSettlementAccountId(entry.accountId, entry.amount.currency)) return this.accounts.postToSettlement(entry.accountId, entry.amount, now);
    const isDebit = entry.amount.isNegative();
    const amount = isDebit ? entry.amount.negated() : entry.amount;
    for (let attempt = 0; attempt < ATTEMPTS_PER_ENTRY; attempt++) {
      const balance = isDebit
        ? await this.accounts.debit(entry.accountId, amount, now, { evenIfInactive: options.evenIfInactive === true })
        : await this.accounts.credit(entry.accountId, amount, now, { evenIfClosed: options.evenIfClosed === true });
      if (balance) return balance;
      await this.explainRefusal(entry.accountId, amount, isDebit, options, (account) =>
        isDebit ? account.debit(amount, now, { evenIfInactive: options.evenIfInactive === true }) : account.credit(amount, now),
      );
    }
    throw new ConcurrencyConflictError();
  }

  /**
   * The SQL refused a balance change. The entity, given the row as it is now, names the rule that
   * refused it by throwing. When it allows the change, either the row changed between the two
   * statements (the caller tries again) or the SQL and the entity disagree on a rule: a defect,
   * logged at error level, which ends as a 503 once the attempts are spent.
   */
  private async explainRefusal(
    accountId: string,
    amount: Money,
    isDebit: boolean,
    options: PostingOptions,
    rule: (account: Account, now: Date) => void,
  ): Promise<void> {
    const account = await this.accounts.findById(accountId);
    if (!account) throw new AccountNotFoundError();
    rule(account, this.clock.now());
    this.logger.error(
      { accountId, status: account.status, balance: account.balance.amount.toString(), amount: amount.amount.toString(), isDebit, ...options },
      'the database refused a balance change that the account rules allow',
    );
  }
}

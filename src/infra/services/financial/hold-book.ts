import { inject, injectable } from 'inversify';
import type { Logger } from 'pino';
import type { Account } from '../../../domain/modules/financial/account.entity';
import type { IAccountRepository } from '../../../domain/modules/financial/account.repository';
import { FINANCIAL_TYPES } from '../../../domain/modules/financial/financial.types';
import type { Hold } from '../../../domain/modules/financial/hold.entity';
import { HoldNotPendingError } from '../../../domain/modules/financial/hold.errors';
import type { IHoldRepository } from '../../../domain/modules/financial/hold.repository';
import type { Money } from '../../../domain/modules/financial/money.value-object';
import { ConcurrencyConflictError } from '../../../domain/shared/domain-error';
import { INFRA_TYPES } from '../../infra.types';

const RESERVE_ATTEMPTS = 3;

/**
 * The two writes every hold goes through, whoever places and resolves it (HoldService for
 * transfers, WithdrawalPayout for withdrawals): its money reserved on the source when it opens,
 * released when it resolves, once. Callers keep the lock order of every movement: account rows
 * first (ascending id), then the hold's row.
 */
@injectable()
export class HoldBook {
  constructor(
    @inject(FINANCIAL_TYPES.IAccountRepository) private readonly accounts: IAccountRepository,
    @inject(FINANCIAL_TYPES.IHoldRepository) private readonly holds: IHoldRepository,
    @inject(INFRA_TYPES.Logger) private readonly logger: Logger,
  ) {}

  /** A hold its entity has placed: one conditional update reserves the money, then the row is stored. */
  async open(hold: Hold, now: Date): Promise<void> {
    await this.reserve(hold.fromAccountId, hold.amount, now);
    await this.holds.create(hold);
  }

  /**
   * A hold its entity has captured or voided, its source account locked: the conditional update
   * decides (a loser learns what the winner made of it), then the whole amount is released.
   */
  async close(hold: Hold, now: Date): Promise<void> {
    if (!(await this.holds.resolve(hold, now))) {
      const current = await this.holds.findById(hold.id);
      throw new HoldNotPendingError((current as Hold).statusAt(now));
    }
    await this.accounts.release(hold.fromAccountId, hold.amount, now);
  }

  /** The conditional update, and the entity's explanation when it refuses (as LedgerPoster does for debits). */
  private async reserve(accountId: string, money: Money, now: Date): Promise<void> {
    for (let attempt = 0; attempt < RESERVE_ATTEMPTS; attempt++) {
      if (await this.accounts.reserve(accountId, money, now)) return;
      const account = (await this.accounts.findById(accountId)) as Account;
      account.reserve(money, now);
      this.logger.error(
        { accountId, status: account.status, available: account.availableBalance.amount.toString(), amount: money.amount.toString() },
        'the database refused a hold that the account rules allow',
      );
    }
    throw new ConcurrencyConflictError();
  }
}

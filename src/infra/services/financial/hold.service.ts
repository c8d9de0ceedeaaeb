import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { Principal } from '../../../domain/modules/auth/principal';
import type { IAccountRepository } from '../../../domain/modules/financial/account.repository';
import { financialAccessPolicy as policy } from '../../../domain/modules/financial/financial-access.policy';
import type { FinancialSettings } from '../../../domain/modules/financial/financial-settings';
import { SameAccountError } from '../../../domain/modules/financial/financial.errors';
import { FINANCIAL_TYPES } from '../../../domain/modules/financial/financial.types';
import { holdEvent } from '../../../domain/modules/financial/financial.events';
import { DEFAULT_HOLD_SECONDS, Hold, type HoldStatus } from '../../../domain/modules/financial/hold.entity';
import { HoldNotFoundError } from '../../../domain/modules/financial/hold.errors';
import type { HoldCursor, IHoldRepository } from '../../../domain/modules/financial/hold.repository';
import type { CaptureHoldInput, IHoldService, PlaceHoldInput } from '../../../domain/modules/financial/hold.service';
import type { RequestRecord } from '../../../domain/modules/financial/idempotency.port';
import { LedgerTransaction } from '../../../domain/modules/financial/ledger-transaction.entity';
import { Money } from '../../../domain/modules/financial/money.value-object';
import type { IClock } from '../../../domain/shared/clock.port';
import type { Page, PageQuery } from '../../../domain/shared/pagination';
import type { IEventOutbox } from '../../../domain/shared/events.port';
import { SHARED_TYPES } from '../../../domain/shared/shared.types';
import type { IUnitOfWork } from '../../../domain/shared/unit-of-work.port';
import { existingAccount, movementMoney, movingPair } from './financial-guards';
import { HoldBook } from './hold-book';
import { LedgerPoster } from './ledger-poster';

/** Accounts the sweeper handles per read of candidates. */
const SWEEP_BATCH = 100;

/**
 * Two-phase transfers: reserve, then capture (a `capture` transaction through LedgerPoster) or
 * void. Lock order, as for every movement: account rows first (ascending id), then the hold's row;
 * the conditional update of the hold (pending and unexpired, HoldBook.close) is what lets exactly
 * one resolution win. A withdrawal's hold is resolved by its withdrawal only (WithdrawalPayout).
 */
@injectable()
export class HoldService implements IHoldService {
  constructor(
    @inject(FINANCIAL_TYPES.IAccountRepository) private readonly accounts: IAccountRepository,
    @inject(FINANCIAL_TYPES.IHoldRepository) private readonly holds: IHoldRepository,
    @inject(FINANCIAL_TYPES.FinancialSettings) private readonly settings: FinancialSettings,
    @inject(LedgerPoster) private readonly poster: LedgerPoster,
    @inject(HoldBook) private readonly book: HoldBook,
    @inject(SHARED_TYPES.IUnitOfWork) private readonly uow: IUnitOfWork,
    @inject(SHARED_TYPES.IClock) private readonly clock: IClock,
    @inject(SHARED_TYPES.IEventOutbox) private readonly outbox: IEventOutbox,
  ) {}

  /** The rules of a transfer, then one conditional update reserves the money on the source. */
  async place(actor: Principal, input: PlaceHoldInput, record: RequestRecord<Hold>): Promise<Hold> {
    const money = movementMoney(this.settings, input.amount, input.currency);
    if (input.fromAccountId === input.toAccountId) throw new SameAccountError();
    policy.assertMayAttempt(actor, 'moveMoney');
    return this.uow.transaction(async () => {
      const { from, to } = await movingPair(this.accounts, actor, input.fromAccountId, input.toAccountId);
      const now = this.clock.now();
      const hold = Hold.place({
        id: randomUUID(),
        from,
        to,
        money,
        expiresInSeconds: input.expiresInSeconds ?? DEFAULT_HOLD_SECONDS,
        description: input.description,
        now,
      });
      await this.book.open(hold, now);
      await this.outbox.record(holdEvent('hold.placed', hold));
      await record.complete(hold);
      return hold;
    });
  }

  /** Posts all or part of the hold from its source to its destination; the rest is released. */
  async capture(actor: Principal, holdId: string, input: CaptureHoldInput, record: RequestRecord<Hold>): Promise<Hold> {
    return this.resolve(actor, holdId, record, 'hold.captured', async (hold, now) => {
      const transactionId = randomUUID();
      const money = hold.capture(input.amount === undefined ? undefined : Money.of(input.amount, hold.currency), transactionId, now);
      await this.accounts.lock([hold.fromAccountId, hold.toAccountId as string]);
      await this.book.close(hold, now);
      await this.poster.post(LedgerTransaction.capture({ id: transactionId, hold, money, description: hold.description, now }));
    });
  }

  /** Releases the whole hold; no money moves. */
  async void(actor: Principal, holdId: string, record: RequestRecord<Hold>): Promise<Hold> {
    return this.resolve(actor, holdId, record, 'hold.voided', async (hold, now) => {
      hold.void(now);
      await this.accounts.lock([hold.fromAccountId]);
      await this.book.close(hold, now);
    });
  }

  async get(actor: Principal, holdId: string): Promise<Hold> {
    policy.assertMayAttempt(actor, 'readAccount');
    const hold = await this.holds.findById(holdId);
    if (!hold) throw new HoldNotFoundError();
    const parties = hold.toAccountId === null ? [hold.fromAccountId] : [hold.fromAccountId, hold.toAccountId];
    policy.assertCanReadHold(actor, await this.accounts.findByIds(parties));
    return hold.asOf(this.clock.now());
  }

  async listForAccount(actor: Principal, accountId: string, filter: { status?: HoldStatus }, query: PageQuery<HoldCursor>): Promise<Page<Hold, HoldCursor>> {
    policy.assertMayAttempt(actor, 'readAccount');
    policy.assertCanReadAccount(actor, await existingAccount(this.accounts, accountId));
    const now = this.clock.now();
    const page = await this.holds.listForAccount(accountId, filter, now, query);
    return { items: page.items.map((h) => h.asOf(now)), nextKey: page.nextKey };
  }

  /**
   * Candidates are read without locks; each account is then handled in its own transaction that
   * locks it first and expires only what is still pending, so instances running at once (or a
   * debit of the account, which expires its holds too) never release a hold twice.
   */
  async expireDue(): Promise<number> {
    let expired = 0;
    for (;;) {
      const now = this.clock.now();
      const accountIds = await this.holds.accountsWithExpiredHolds(now, SWEEP_BATCH);
      for (const accountId of accountIds) expired += await this.uow.transaction(() => this.accounts.expireHolds(accountId, now));
      if (accountIds.length < SWEEP_BATCH) return expired;
    }
  }

  private async resolve(
    actor: Principal,
    holdId: string,
    record: RequestRecord<Hold>,
    event: 'hold.captured' | 'hold.voided',
    work: (hold: Hold, now: Date) => Promise<void>,
  ): Promise<Hold> {
    policy.assertMayAttempt(actor, 'moveMoney');
    return this.uow.transaction(async () => {
      const hold = await this.holds.findById(holdId);
      if (!hold) throw new HoldNotFoundError();
      const source = await this.accounts.findById(hold.fromAccountId);
      if (!source) throw new HoldNotFoundError();
      policy.assertCanResolveHold(actor, source);
      hold.assertResolvableByClient();
      await work(hold, this.clock.now());
      await this.outbox.record(holdEvent(event, hold));
      await record.complete(hold);
      return hold;
    });
  }
}

import { isSettlementAccountId, settlementAccountFor, type Account } from './account.entity';
import { AccountNotClosedError, AccountOwnerMismatchError, NothingToSweepError } from './closed-account.errors';
import { AlreadyReversedError, CurrencyMismatchError, LedgerInvariantError, NotReversibleError, SameAccountError } from './financial.errors';
import { AlreadyRefundedError, NotRefundableError } from './gateway-settled.errors';
import type { Hold } from './hold.entity';
import type { GatewayMovementInput, MovementInput, RefundInput, ReversalInput, SweepInput, TransferInput, WithdrawalInput } from './ledger-transaction.inputs';
import { Money } from './money.value-object';

/**
 * `refund`: a deposit's charge paid back through the gateway; `sweep`: a closed account's balance
 * moved to its owner; `capture`: what a hold posts, from its source to its destination.
 */
export type TransactionType = 'deposit' | 'withdrawal' | 'transfer' | 'reversal' | 'refund' | 'sweep' | 'capture';

/**
 * Where a gateway debit's money is (withdrawals and refunds only): `awaiting` the gateway's answer
 * (in flight, or its outcome unknown: a retry with the same key settles it), `paid` out (the
 * gateway's reference is recorded), or `returned` to the account by a reversal after the call failed.
 */
export type PayoutState = 'awaiting' | 'paid' | 'returned';

const GATEWAY_DEBITS: readonly TransactionType[] = ['withdrawal', 'refund'];

/** One leg of a transaction: negative takes money out of the account, positive puts it in. */
export interface LedgerEntry {
  readonly accountId: string;
  readonly amount: Money;
  /** The account's balance right after this entry; null until the transaction is posted. */
  readonly balanceAfter: Money | null;
}

export interface LedgerTransactionState {
  id: string;
  type: TransactionType;
  description: string | null;
  entries: readonly LedgerEntry[];
  reversesId: string | null;
  reversedById: string | null;
  /** The deposit a refund pays back (refunds only). */
  refundsId: string | null;
  /** The hold a capture posts (captures only). */
  holdId: string | null;
  /** The idempotency key handed to the payment gateway, for reconciliation. */
  gatewayKey: string | null;
  /** The gateway's id of the charge or payout. */
  gatewayReference: string | null;
  /** Withdrawals and refunds only; null for every other type. */
  payoutState: PayoutState | null;
  createdAt: Date;
}

const entry = (accountId: string, amount: Money): LedgerEntry => ({ accountId, amount, balanceAfter: null });

/**
 * One money movement in double entry: two or more entries whose amounts sum to zero in every
 * currency, so money only ever moves between accounts and is never created or destroyed.
 * Money entering or leaving the service moves against the currency's settlement account.
 */
export class LedgerTransaction {
  private constructor(private readonly state: LedgerTransactionState) {
    assertWellFormed(state);
  }

  static deposit(input: GatewayMovementInput): LedgerTransaction {
    assertCurrency(input.account, input.money);
    return LedgerTransaction.create('deposit', input, [
      entry(input.account.id, input.money),
      entry(settlementAccountFor(input.account.id, input.money.currency), input.money.negated()),
    ], input);
  }

  /**
   * The money of a withdrawal's hold, posted once the gateway has paid it out: `paid`, with the
   * payout's reference, naming the hold it captures. (Withdrawals debited before the payout, as
   * they were before holds, are only ever restored.)
   */
  static withdrawal(input: WithdrawalInput): LedgerTransaction {
    const { hold } = input;
    if (hold.kind !== 'withdrawal') throw new LedgerInvariantError(`Hold ${hold.id} is not a withdrawal's`);
    const money = hold.amount;
    return new LedgerTransaction({
      id: input.id,
      type: 'withdrawal',
      description: hold.description,
      entries: [entry(hold.fromAccountId, money.negated()), entry(settlementAccountFor(hold.fromAccountId, money.currency), money)],
      reversesId: null,
      reversedById: null,
      refundsId: null,
      holdId: hold.id,
      gatewayKey: input.gatewayKey,
      gatewayReference: input.gatewayReference,
      payoutState: 'paid',
      createdAt: input.now,
    });
  }

  static transfer(input: TransferInput): LedgerTransaction {
    if (input.from.id === input.to.id) throw new SameAccountError();
    assertCurrency(input.from, input.money);
    assertCurrency(input.to, input.money);
    return LedgerTransaction.create('transfer', input, [entry(input.from.id, input.money.negated()), entry(input.to.id, input.money)]);
  }

  /**
   * The captured part of a transfer hold (its capture rules already applied), from its source to
   * its destination. A withdrawal's hold is captured by its withdrawal (LedgerTransaction.withdrawal).
   */
  static capture(input: MovementInput & { hold: Hold }): LedgerTransaction {
    const { hold, money } = input;
    if (hold.toAccountId === null) throw new LedgerInvariantError(`Hold ${hold.id} is a withdrawal's: its withdrawal captures it`);
    return LedgerTransaction.create('capture', input, [entry(hold.fromAccountId, money.negated()), entry(hold.toAccountId, money)], undefined, hold.id);
  }

  /**
   * The whole balance of a closed account, to another account of the same owner and currency: the
   * way out for money that reached the account after it closed (a charge captured meanwhile).
   */
  static sweep(input: SweepInput): LedgerTransaction {
    const { from, to } = input;
    if (from.id === to.id) throw new SameAccountError();
    if (from.status !== 'closed') throw new AccountNotClosedError();
    if (from.ownerId !== to.ownerId) throw new AccountOwnerMismatchError();
    assertCurrency(to, from.balance);
    if (!from.balance.isPositive()) throw new NothingToSweepError();
    const money = from.balance;
    return LedgerTransaction.create('sweep', { ...input, money, description: input.description ?? `Closed account ${from.id} swept` }, [
      entry(from.id, money.negated()),
      entry(to.id, money),
    ]);
  }

  /** Rebuilds a transaction already stored; the double-entry rules are still checked. */
  static restore(state: LedgerTransactionState): LedgerTransaction {
    return new LedgerTransaction({ ...state, entries: [...state.entries] });
  }

  private static create(
    type: TransactionType,
    input: MovementInput,
    entries: LedgerEntry[],
    gateway?: { gatewayKey: string; gatewayReference?: string | null },
    holdId: string | null = null,
  ): LedgerTransaction {
    return new LedgerTransaction({
      id: input.id,
      type,
      description: input.description ?? null,
      entries,
      reversesId: null,
      reversedById: null,
      refundsId: null,
      holdId,
      gatewayKey: gateway?.gatewayKey ?? null,
      gatewayReference: gateway?.gatewayReference ?? null,
      payoutState: null,
      createdAt: input.now,
    });
  }

  get id(): string {
    return this.state.id;
  }
  get type(): TransactionType {
    return this.state.type;
  }
  get description(): string | null {
    return this.state.description;
  }
  get entries(): readonly LedgerEntry[] {
    return this.state.entries;
  }
  get reversesId(): string | null {
    return this.state.reversesId;
  }
  get reversedById(): string | null {
    return this.state.reversedById;
  }
  get refundsId(): string | null {
    return this.state.refundsId;
  }
  get holdId(): string | null {
    return this.state.holdId;
  }
  get gatewayKey(): string | null {
    return this.state.gatewayKey;
  }
  get gatewayReference(): string | null {
    return this.state.gatewayReference;
  }
  get payoutState(): PayoutState | null {
    return this.state.payoutState;
  }
  get createdAt(): Date {
    return this.state.createdAt;
  }

  /** The amount moved: the sum of the credits (equal to the sum of the debits). */
  get amount(): Money {
    return this.state.entries.filter((e) => e.amount.isPositive()).reduce((sum, e) => sum.plus(e.amount), Money.zero(this.currency));
  }

  get currency(): string {
    return this.state.entries[0].amount.currency;
  }

  /** The accounts the transaction touches: their owners may see it. */
  get accountIds(): string[] {
    return this.state.entries.map((e) => e.accountId);
  }

  /** A new transaction with every entry negated; a reversal or a reversed transaction refuses. */
  reverse(input: ReversalInput): LedgerTransaction {
    if (this.state.type === 'reversal') throw new NotReversibleError();
    if (this.state.reversedById !== null) throw new AlreadyReversedError();
    return new LedgerTransaction({
      id: input.id,
      type: 'reversal',
      description: input.description ?? `Reversal of ${this.state.id}`,
      entries: this.state.entries.map((e) => entry(e.accountId, e.amount.negated())),
      reversesId: this.state.id,
      reversedById: null,
      refundsId: null,
      holdId: null,
      gatewayKey: null,
      gatewayReference: null,
      payoutState: null,
      createdAt: input.now,
    });
  }

  /**
   * A refund of this deposit: the money leaves the account it credited for the settlement account,
   * on its way back to the payer. Never more than is left once earlier refunds are counted.
   */
  refund(input: RefundInput): LedgerTransaction {
    if (this.state.type !== 'deposit') throw new NotRefundableError();
    if (this.state.reversedById !== null) throw new AlreadyReversedError();
    const left = this.amount.minus(input.alreadyRefunded);
    const money = input.money ?? left;
    if (!left.isPositive() || money.minus(left).isPositive()) throw new AlreadyRefundedError(left);
    const credited = this.state.entries.find((e) => e.amount.isPositive()) as LedgerEntry;
    // Back out through the settlement account the charge came in by (a deposit made before
    // settlement had shards came in by shard 0).
    const settlement = this.state.entries.find((e) => e.amount.isNegative()) as LedgerEntry;
    return new LedgerTransaction({
      id: input.id,
      type: 'refund',
      description: input.description ?? `Refund of ${this.state.id}`,
      entries: [entry(credited.accountId, money.negated()), entry(settlement.accountId, money)],
      reversesId: null,
      reversedById: null,
      refundsId: this.state.id,
      holdId: null,
      gatewayKey: input.gatewayKey,
      gatewayReference: null,
      payoutState: 'awaiting',
      createdAt: input.now,
    });
  }

  /** The same transaction with each entry's resulting balance, once the balances are updated. */
  posted(balanceAfter: ReadonlyMap<string, Money>): LedgerTransaction {
    return new LedgerTransaction({
      ...this.state,
      entries: this.state.entries.map((e) => {
        const balance = balanceAfter.get(e.accountId);
        if (!balance) throw new LedgerInvariantError(`No resulting balance for account ${e.accountId}`);
        return { ...e, balanceAfter: balance };
      }),
    });
  }

  /**
   * The order in which balances are updated: customer accounts by id, then the settlement account
   * (a movement touches one of its shards at most).
   * Every movement locks rows in this one global order, so two movements can never wait on each
   * other in a cycle (no deadlock), and the busy settlement row is held for the shortest time.
   */
  postingOrder(): LedgerEntry[] {
    const rank = (e: LedgerEntry) => (isSettlementAccountId(e.accountId, e.amount.currency) ? 1 : 0);
    return [...this.state.entries].sort((a, b) => rank(a) - rank(b) || (a.accountId < b.accountId ? -1 : 1));
  }
}

function assertCurrency(account: Account, money: Money): void {
  if (account.currency !== money.currency) throw new CurrencyMismatchError(account.currency, money.currency);
}

function assertWellFormed(state: LedgerTransactionState): void {
  const { entries } = state;
  if (entries.length < 2) throw new LedgerInvariantError(`Transaction ${state.id} needs at least two entries`);
  if (new Set(entries.map((e) => e.accountId)).size !== entries.length) {
    throw new LedgerInvariantError(`Transaction ${state.id} touches an account twice`);
  }
  const sums = new Map<string, bigint>();
  for (const e of entries) {
    if (e.amount.isZero()) throw new LedgerInvariantError(`Transaction ${state.id} has a zero entry`);
    sums.set(e.amount.currency, (sums.get(e.amount.currency) ?? 0n) + e.amount.amount);
  }
  for (const [currency, sum] of sums) {
    if (sum !== 0n) throw new LedgerInvariantError(`Transaction ${state.id} does not balance in ${currency} (${sum})`);
  }
  if ((state.type === 'reversal') !== (state.reversesId !== null)) {
    throw new LedgerInvariantError(`Transaction ${state.id}: only a reversal names the transaction it reverses`);
  }
  if ((state.type === 'refund') !== (state.refundsId !== null)) {
    throw new LedgerInvariantError(`Transaction ${state.id}: only a refund names the deposit it refunds`);
  }
  // A withdrawal names its hold when it captured one (those debited before their payout do not).
  if (state.type === 'capture' ? state.holdId === null : state.holdId !== null && state.type !== 'withdrawal') {
    throw new LedgerInvariantError(`Transaction ${state.id}: only a capture or a withdrawal names the hold it captures`);
  }
  // The same rules as the table's CHECK constraints: a debit is paid exactly when its reference is known.
  if (GATEWAY_DEBITS.includes(state.type) !== (state.payoutState !== null)) {
    throw new LedgerInvariantError(`Transaction ${state.id}: only withdrawals and refunds have a payout state`);
  }
  if (state.payoutState !== null && (state.payoutState === 'paid') !== (state.gatewayReference !== null)) {
    throw new LedgerInvariantError(`Transaction ${state.id}: a payout is paid exactly when its gateway reference is recorded`);
  }
}

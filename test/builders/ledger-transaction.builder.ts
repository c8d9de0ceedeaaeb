import { randomUUID } from 'node:crypto';
import { type Account, settlementAccountFor } from '../../src/domain/modules/financial/account.entity';
import { LedgerTransaction, type LedgerTransactionState, type PayoutState } from '../../src/domain/modules/financial/ledger-transaction.entity';
import { Money } from '../../src/domain/modules/financial/money.value-object';

type GatewayMovement = 'deposit' | 'withdrawal';

/**
 * Posted gateway movements between a customer account and its currency's settlement account, as the
 * ledger stores them: `aDeposit().into(alice).of(300n).build()`, `aWithdrawal().from(account).of(200n).paidOut('po_1').build()`.
 * Balances after: the account's balance as given to `into`/`from` plus the entry, and a settlement
 * account that held nothing before (unless `settlementHeld`).
 */
export class LedgerTransactionBuilder {
  private account: Account | undefined;
  private amount = 100n;
  private settlementBefore = 0n;
  /** A withdrawal's; a deposit has none. */
  private payoutState: PayoutState = 'awaiting';
  private readonly state: Omit<LedgerTransactionState, 'type' | 'entries' | 'payoutState'> = {
    id: randomUUID(),
    description: null,
    reversesId: null,
    reversedById: null,
    refundsId: null,
    holdId: null,
    gatewayKey: 'downstream-key-0',
    gatewayReference: null,
    createdAt: new Date('2026-06-01T10:00:00.000Z'),
  };

  constructor(private readonly type: GatewayMovement) {}

  /** The customer account of a deposit. */
  into(account: Account): this {
    this.account = account;
    return this;
  }

  /** The customer account of a withdrawal. */
  from(account: Account): this {
    this.account = account;
    return this;
  }

  of(amount: bigint): this {
    this.amount = amount;
    return this;
  }

  withId(id: string): this {
    this.state.id = id;
    return this;
  }

  withGatewayKey(key: string): this {
    this.state.gatewayKey = key;
    return this;
  }

  /** The gateway's reference: the charge was captured, or the payout paid. */
  paidOut(reference: string): this {
    this.state.gatewayReference = reference;
    this.payoutState = 'paid';
    return this;
  }

  /** Reversed; a withdrawal so is put back after its payout failed. */
  reversedBy(id: string): this {
    this.state.reversedById = id;
    this.payoutState = 'returned';
    return this;
  }

  at(when: Date): this {
    this.state.createdAt = when;
    return this;
  }

  settlementHeld(amount: bigint): this {
    this.settlementBefore = amount;
    return this;
  }

  build(): LedgerTransaction {
    if (!this.account) throw new Error(`a ${this.type} needs its account: into(account) or from(account)`);
    const { id, currency, balance } = this.account;
    const sign = this.type === 'deposit' ? 1n : -1n;
    const money = (amount: bigint) => Money.of(amount, currency);
    return LedgerTransaction.restore({
      ...this.state,
      type: this.type,
      payoutState: this.type === 'withdrawal' ? this.payoutState : null,
      entries: [
        { accountId: id, amount: money(sign * this.amount), balanceAfter: money(balance.amount + sign * this.amount) },
        { accountId: settlementAccountFor(id, currency), amount: money(-sign * this.amount), balanceAfter: money(this.settlementBefore - sign * this.amount) },
      ],
    });
  }
}

export const aDeposit = () => new LedgerTransactionBuilder('deposit');
export const aWithdrawal = () => new LedgerTransactionBuilder('withdrawal');

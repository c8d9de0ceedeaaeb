import { randomUUID } from 'node:crypto';
import { Account, type AccountState, type AccountStatus } from '../../src/domain/modules/financial/account.entity';
import { Money } from '../../src/domain/modules/financial/money.value-object';

/** Test accounts: `anAccount().ownedBy(7).withBalance(100n).frozen().build()`. */
export class AccountBuilder {
  private readonly state: AccountState;

  constructor() {
    const now = new Date('2026-02-03T04:05:06.000Z');
    this.state = { id: randomUUID(), kind: 'customer', ownerId: 1, currency: 'BRL', status: 'active', balance: Money.zero('BRL'), pendingBalance: Money.zero('BRL'), createdAt: now, updatedAt: now };
  }

  withId(id: string): this {
    this.state.id = id;
    return this;
  }

  ownedBy(ownerId: number): this {
    this.state.ownerId = ownerId;
    return this;
  }

  inCurrency(currency: string): this {
    this.state.currency = currency;
    this.state.balance = Money.of(this.state.balance.amount, currency);
    this.state.pendingBalance = Money.of(this.state.pendingBalance.amount, currency);
    return this;
  }

  withBalance(amount: bigint): this {
    this.state.balance = Money.of(amount, this.state.currency);
    return this;
  }

  /** What pending holds reserve of the balance. */
  holding(amount: bigint): this {
    this.state.pendingBalance = Money.of(amount, this.state.currency);
    return this;
  }

  withStatus(status: AccountStatus): this {
    this.state.status = status;
    return this;
  }

  createdAt(when: Date): this {
    this.state.createdAt = when;
    this.state.updatedAt = when;
    return this;
  }

  frozen(): this {
    return this.withStatus('frozen');
  }

  closed(): this {
    return this.withStatus('closed');
  }

  build(): Account {
    return Account.restore(this.state);
  }
}

export const anAccount = (): AccountBuilder => new AccountBuilder();

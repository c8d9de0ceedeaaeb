import { expect } from 'chai';
import { Account, isSettlementAccountId, SETTLEMENT_SHARDS, settlementAccountFor, settlementAccountId } from '../../../../src/domain/modules/financial/account.entity';
import {
  AccountBalanceNotZeroError,
  AccountClosedError,
  AccountFrozenError,
  CurrencyMismatchError,
  InsufficientFundsError,
  SystemAccountError,
} from '../../../../src/domain/modules/financial/financial.errors';
import { Money } from '../../../../src/domain/modules/financial/money.value-object';
import { ValidationError } from '../../../../src/domain/shared/domain-error';

const T0 = new Date('2026-01-01T00:00:00Z');
const T1 = new Date('2026-01-02T00:00:00Z');
const brl = (amount: bigint) => Money.of(amount, 'BRL');

function anAccount(balance = 0n, status: 'active' | 'frozen' | 'closed' = 'active'): Account {
  return Account.restore({
    id: '7a1c2f0e-1111-4222-8333-444455556666',
    kind: 'customer',
    ownerId: 7,
    currency: 'BRL',
    status,
    balance: brl(balance),
    pendingBalance: brl(0n),
    createdAt: T0,
    updatedAt: T0,
  });
}

describe('Account', () => {
  it('opens active and empty for its owner', () => {
    const account = Account.open({ id: 'a1', ownerId: 3, currency: 'USD', now: T0 });
    expect(account).to.include({ id: 'a1', kind: 'customer', ownerId: 3, currency: 'USD', status: 'active', isSystem: false });
    expect(account.balance.equals(Money.zero('USD'))).to.equal(true);
    expect(account.createdAt).to.equal(T0);
    expect(account.updatedAt).to.equal(T0);
  });

  it('has one settlement account per currency, at a fixed id', () => {
    const settlement = Account.settlement('BRL', T0);
    expect(settlement).to.include({ id: '00000000-0000-4000-8000-00000042524c', kind: 'system', ownerId: null, isSystem: true, currency: 'BRL' });
    expect(settlementAccountId('USD')).to.equal('00000000-0000-4000-8000-000000555344');
    expect(settlementAccountId('BRL')).to.not.equal(settlementAccountId('USD'));
  });

  describe('settlement shards', () => {
    it('are 16 fixed ids per currency, shard 0 being the single account there was', () => {
      expect(SETTLEMENT_SHARDS).to.equal(16);
      expect(settlementAccountId('BRL', 0)).to.equal(settlementAccountId('BRL'));
      expect(settlementAccountId('BRL', 10)).to.equal('00000000-0000-4000-800a-00000042524c');
      expect(Account.settlement('BRL', T0, 15)).to.include({ id: '00000000-0000-4000-800f-00000042524c', kind: 'system', isSystem: true });
      const ids = new Set(Array.from({ length: SETTLEMENT_SHARDS }, (_, shard) => settlementAccountId('BRL', shard)));
      expect(ids.size).to.equal(SETTLEMENT_SHARDS);
      for (const id of ids) expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it('refuse a shard out of range', () => {
      for (const shard of [-1, 16, 1.5]) expect(() => settlementAccountId('BRL', shard)).to.throw(RangeError);
    });

    it('are recognised by id, whichever shard, only for their currency', () => {
      expect(isSettlementAccountId(settlementAccountId('BRL', 7), 'BRL')).to.equal(true);
      expect(isSettlementAccountId(settlementAccountId('BRL'), 'BRL')).to.equal(true);
      expect(isSettlementAccountId(settlementAccountId('BRL', 7), 'USD')).to.equal(false);
      expect(isSettlementAccountId('5f0c6c0e-1b7e-4c2a-9d53-1b2c3d4e5f60', 'BRL')).to.equal(false);
      expect(isSettlementAccountId(`${settlementAccountId('BRL')}0`, 'BRL')).to.equal(false);
    });

    it('a customer account always meets the same shard, and accounts spread over all of them', () => {
      const id = '5f0c6c0e-1b7e-4c2a-9d53-1b2c3d4e5f60';
      expect(settlementAccountFor(id, 'BRL')).to.equal(settlementAccountFor(id, 'BRL'));
      expect(isSettlementAccountId(settlementAccountFor(id, 'USD'), 'USD')).to.equal(true);
      const counts = new Map<string, number>();
      for (let i = 0; i < 1600; i++) {
        const shard = settlementAccountFor(`00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`, 'BRL');
        counts.set(shard, (counts.get(shard) ?? 0) + 1);
      }
      expect(counts.size).to.equal(SETTLEMENT_SHARDS);
      // 100 expected per shard; a hash this uneven would leave the hot spot in place.
      for (const count of counts.values()) expect(count).to.be.within(50, 150);
    });
  });

  it('restore copies the state: changing the account leaves the source alone', () => {
    const state = { id: 'x', kind: 'customer' as const, ownerId: 1, currency: 'BRL', status: 'active' as const, balance: brl(5n), pendingBalance: brl(0n), createdAt: T0, updatedAt: T0 };
    const account = Account.restore(state);
    account.credit(brl(1n), T1);
    expect(state.balance.amount).to.equal(5n);
    expect(account.balance.amount).to.equal(6n);
  });

  describe('debit', () => {
    it('takes money out and stamps the change', () => {
      const account = anAccount(100n);
      account.debit(brl(30n), T1);
      expect(account.balance.amount).to.equal(70n);
      expect(account.updatedAt).to.equal(T1);
    });

    it('may empty the account exactly', () => {
      const account = anAccount(100n);
      account.debit(brl(100n), T1);
      expect(account.balance.isZero()).to.equal(true);
    });

    it('never goes below zero', () => {
      const account = anAccount(100n);
      expect(() => account.debit(brl(101n), T1)).to.throw(InsufficientFundsError).with.property('code', 'INSUFFICIENT_FUNDS');
      expect(account.balance.amount).to.equal(100n);
    });

    it('is refused on a frozen account, whatever the balance', () => {
      expect(() => anAccount(100n, 'frozen').debit(brl(1n), T1)).to.throw(AccountFrozenError).with.property('code', 'ACCOUNT_FROZEN');
    });

    it('is refused on a closed account', () => {
      expect(() => anAccount(0n, 'closed').debit(brl(1n), T1)).to.throw(AccountClosedError).with.property('code', 'ACCOUNT_CLOSED');
    });

    it('evenIfInactive: leaves a frozen or closed account too (money returned to its source), never below zero', () => {
      for (const status of ['frozen', 'closed'] as const) {
        const account = anAccount(100n, status);
        account.debit(brl(60n), T1, { evenIfInactive: true });
        expect(account.balance.amount).to.equal(40n);
        expect(() => account.debit(brl(41n), T1, { evenIfInactive: true })).to.throw(InsufficientFundsError);
      }
    });

    it('refuses another currency and non-positive amounts', () => {
      expect(() => anAccount(100n).debit(Money.of(1n, 'USD'), T1)).to.throw(CurrencyMismatchError);
      expect(() => anAccount(100n).debit(brl(0n), T1)).to.throw(ValidationError);
      expect(() => anAccount(100n).debit(brl(-5n), T1)).to.throw(ValidationError);
    });

    it('lets the settlement account go negative (money left through the gateway)', () => {
      const settlement = Account.settlement('BRL', T0);
      settlement.debit(brl(500n), T1);
      expect(settlement.balance.amount).to.equal(-500n);
    });
  });

  describe('credit', () => {
    it('puts money in', () => {
      const account = anAccount(1n);
      account.credit(brl(99n), T1);
      expect(account.balance.amount).to.equal(100n);
      expect(account.updatedAt).to.equal(T1);
    });

    it('still reaches a frozen account', () => {
      const account = anAccount(0n, 'frozen');
      account.credit(brl(5n), T1);
      expect(account.balance.amount).to.equal(5n);
    });

    it('is refused on a closed account', () => {
      expect(() => anAccount(0n, 'closed').credit(brl(5n), T1)).to.throw(AccountClosedError);
    });

    it('refuses another currency', () => {
      expect(() => anAccount().credit(Money.of(5n, 'EUR'), T1)).to.throw(CurrencyMismatchError);
    });
  });

  describe('close', () => {
    it('closes an empty account', () => {
      const account = anAccount(0n);
      account.close(T1);
      expect(account.status).to.equal('closed');
      expect(account.updatedAt).to.equal(T1);
    });

    it('closes an empty frozen account too', () => {
      const account = anAccount(0n, 'frozen');
      account.close(T1);
      expect(account.status).to.equal('closed');
    });

    it('requires a zero balance', () => {
      expect(() => anAccount(1n).close(T1)).to.throw(AccountBalanceNotZeroError).with.property('code', 'ACCOUNT_BALANCE_NOT_ZERO');
    });

    it('refuses a closed account and a system account', () => {
      expect(() => anAccount(0n, 'closed').close(T1)).to.throw(AccountClosedError);
      expect(() => Account.settlement('BRL', T0).close(T1)).to.throw(SystemAccountError).with.property('code', 'SYSTEM_ACCOUNT');
    });
  });

  describe('freeze and unfreeze', () => {
    it('freezes and unfreezes', () => {
      const account = anAccount(10n);
      account.freeze(T1);
      expect(account.status).to.equal('frozen');
      account.unfreeze(T1);
      expect(account.status).to.equal('active');
      expect(account.updatedAt).to.equal(T1);
    });

    it('leaves closed and system accounts alone', () => {
      expect(() => anAccount(0n, 'closed').freeze(T1)).to.throw(AccountClosedError);
      expect(() => anAccount(0n, 'closed').unfreeze(T1)).to.throw(AccountClosedError);
      expect(() => Account.settlement('BRL', T0).freeze(T1)).to.throw(SystemAccountError);
    });
  });
});

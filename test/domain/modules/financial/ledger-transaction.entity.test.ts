import { expect } from 'chai';
import { Account, settlementAccountFor, settlementAccountId } from '../../../../src/domain/modules/financial/account.entity';
import { AccountNotClosedError, AccountOwnerMismatchError, NothingToSweepError } from '../../../../src/domain/modules/financial/closed-account.errors';
import {
  AlreadyReversedError,
  CurrencyMismatchError,
  LedgerInvariantError,
  NotReversibleError,
  SameAccountError,
} from '../../../../src/domain/modules/financial/financial.errors';
import { AlreadyRefundedError, NotRefundableError } from '../../../../src/domain/modules/financial/gateway-settled.errors';
import { Hold } from '../../../../src/domain/modules/financial/hold.entity';
import { type LedgerEntry, LedgerTransaction, type LedgerTransactionState } from '../../../../src/domain/modules/financial/ledger-transaction.entity';
import { Money } from '../../../../src/domain/modules/financial/money.value-object';
import { anAccount } from '../../../builders/account.builder';

const NOW = new Date('2026-03-01T12:00:00Z');
const brl = (amount: bigint) => Money.of(amount, 'BRL');
const SETTLEMENT = settlementAccountId('BRL');
const account = (id: string, currency = 'BRL') => Account.open({ id, ownerId: 1, currency, now: NOW });
const entry = (accountId: string, amount: Money): LedgerEntry => ({ accountId, amount, balanceAfter: null });
const amounts = (tx: LedgerTransaction) => tx.entries.map((e) => [e.accountId, e.amount.amount]);

function state(overrides: Partial<LedgerTransactionState> = {}): LedgerTransactionState {
  return {
    id: 'tx',
    type: 'transfer',
    description: null,
    entries: [entry('a', brl(-5n)), entry('b', brl(5n))],
    reversesId: null,
    reversedById: null,
    refundsId: null,
    holdId: null,
    gatewayKey: null,
    gatewayReference: null,
    payoutState: null,
    createdAt: NOW,
    ...overrides,
  };
}

describe('LedgerTransaction', () => {
  it('a deposit moves money from the settlement account into the customer account', () => {
    const tx = LedgerTransaction.deposit({ id: 'd1', account: account('acc'), money: brl(250n), description: 'top up', gatewayKey: 'gk', gatewayReference: 'ch_1', now: NOW });
    expect(amounts(tx)).to.deep.equal([
      ['acc', 250n],
      [settlementAccountFor('acc', 'BRL'), -250n],
    ]);
    expect(tx).to.include({ id: 'd1', type: 'deposit', description: 'top up', gatewayKey: 'gk', gatewayReference: 'ch_1', reversesId: null, reversedById: null, currency: 'BRL', payoutState: null });
    expect(tx.amount.amount).to.equal(250n);
    expect(tx.createdAt).to.equal(NOW);
    expect(tx.accountIds).to.deep.equal(['acc', settlementAccountFor('acc', 'BRL')]);
  });

  it('a withdrawal posts its whole hold from the customer account into the settlement account, paid, naming the hold', () => {
    const hold = Hold.forWithdrawal({ id: 'h1', from: anAccount().withId('acc').withBalance(100n).build(), money: brl(40n), description: 'rent', now: NOW });
    const tx = LedgerTransaction.withdrawal({ id: 'w1', hold, gatewayKey: 'gk', gatewayReference: 'po_1', now: NOW });
    expect(amounts(tx)).to.deep.equal([
      ['acc', -40n],
      [settlementAccountFor('acc', 'BRL'), 40n],
    ]);
    expect(tx).to.include({ type: 'withdrawal', description: 'rent', holdId: 'h1', gatewayKey: 'gk', gatewayReference: 'po_1', payoutState: 'paid' });
  });

  it('a withdrawal takes only a withdrawal’s hold', () => {
    const hold = Hold.place({ id: 'h2', from: anAccount().withId('acc').withBalance(100n).build(), to: account('to'), money: brl(40n), expiresInSeconds: 60, now: NOW });
    expect(() => LedgerTransaction.withdrawal({ id: 'w2', hold, gatewayKey: 'gk', gatewayReference: 'po_1', now: NOW })).to.throw(LedgerInvariantError);
  });

  it('deposits refuse a currency other than the account’s', () => {
    const usd = Money.of(1n, 'USD');
    expect(() => LedgerTransaction.deposit({ id: 'x', account: account('acc'), money: usd, gatewayKey: 'k', now: NOW })).to.throw(CurrencyMismatchError);
  });

  it('a transfer debits one account and credits the other', () => {
    const tx = LedgerTransaction.transfer({ id: 't1', from: account('from'), to: account('to'), money: brl(7n), now: NOW });
    expect(amounts(tx)).to.deep.equal([
      ['from', -7n],
      ['to', 7n],
    ]);
    expect(tx).to.include({ type: 'transfer', gatewayKey: null, gatewayReference: null, payoutState: null });
  });

  it('a transfer needs two accounts of its currency', () => {
    expect(() => LedgerTransaction.transfer({ id: 't', from: account('same'), to: account('same'), money: brl(1n), now: NOW })).to.throw(SameAccountError);
    expect(() => LedgerTransaction.transfer({ id: 't', from: account('f', 'USD'), to: account('t'), money: brl(1n), now: NOW })).to.throw(CurrencyMismatchError);
    expect(() => LedgerTransaction.transfer({ id: 't', from: account('f'), to: account('t', 'USD'), money: brl(1n), now: NOW })).to.throw(CurrencyMismatchError);
  });

  describe('double-entry rules, checked on every construction (restore included)', () => {
    const cases: [string, Partial<LedgerTransactionState>][] = [
      ['a single entry', { entries: [entry('a', brl(5n))] }],
      ['no entries', { entries: [] }],
      ['a zero entry', { entries: [entry('a', brl(0n)), entry('b', brl(0n))] }],
      ['the same account twice', { entries: [entry('a', brl(-5n)), entry('a', brl(5n))] }],
      ['entries not summing to zero', { entries: [entry('a', brl(-5n)), entry('b', brl(4n))] }],
      ['a sum of zero across two currencies only', { entries: [entry('a', brl(-5n)), entry('b', Money.of(5n, 'USD'))] }],
      ['a reversal without the transaction it reverses', { type: 'reversal', reversesId: null }],
      ['a transfer naming a transaction it reverses', { type: 'transfer', reversesId: 'other' }],
      ['a refund without the deposit it refunds', { type: 'refund', refundsId: null }],
      ['a transfer naming a deposit it refunds', { type: 'transfer', refundsId: 'other' }],
      ['a capture without the hold it captures', { type: 'capture', holdId: null }],
      ['a transfer naming a hold', { type: 'transfer', holdId: 'hold' }],
      ['a deposit naming a hold', { type: 'deposit', holdId: 'hold', gatewayKey: 'gk', gatewayReference: 'ch_1' }],
      ['a withdrawal without a payout state', { type: 'withdrawal' }],
      ['a transfer with a payout state', { payoutState: 'awaiting' }],
      ['a paid withdrawal without its gateway reference', { type: 'withdrawal', payoutState: 'paid' }],
      ['an awaiting withdrawal with a gateway reference', { type: 'withdrawal', payoutState: 'awaiting', gatewayReference: 'po_1' }],
      ['a returned refund with a gateway reference', { type: 'refund', refundsId: 'dep', payoutState: 'returned', gatewayReference: 're_1' }],
    ];
    for (const [name, overrides] of cases) {
      it(`refuses ${name}`, () => {
        expect(() => LedgerTransaction.restore(state(overrides))).to.throw(LedgerInvariantError).with.property('code', 'LEDGER_INVARIANT_VIOLATED');
      });
    }

    it('accepts several currencies when each sums to zero', () => {
      const tx = LedgerTransaction.restore(state({ entries: [entry('a', brl(-5n)), entry('b', brl(5n)), entry('c', Money.of(-2n, 'USD')), entry('d', Money.of(2n, 'USD'))] }));
      expect(tx.entries).to.have.length(4);
    });

    it('accepts a gateway debit in each payout state, paid exactly when its reference is known', () => {
      const restored = (payoutState: 'awaiting' | 'paid' | 'returned', gatewayReference: string | null) =>
        LedgerTransaction.restore(state({ type: 'withdrawal', payoutState, gatewayReference })).payoutState;
      expect([restored('awaiting', null), restored('paid', 'po_1'), restored('returned', null)]).to.deep.equal(['awaiting', 'paid', 'returned']);
    });

    it('restore copies the entries', () => {
      const entries = [entry('a', brl(-5n)), entry('b', brl(5n))];
      const tx = LedgerTransaction.restore(state({ entries }));
      entries.pop();
      expect(tx.entries).to.have.length(2);
    });
  });

  describe('reverse', () => {
    const original = () => LedgerTransaction.restore(state({ id: 'orig', type: 'deposit', entries: [entry('acc', brl(9n)), entry(SETTLEMENT, brl(-9n))] }));

    it('negates every entry and names the original', () => {
      const reversal = original().reverse({ id: 'rev', now: NOW });
      expect(amounts(reversal)).to.deep.equal([
        ['acc', -9n],
        [SETTLEMENT, 9n],
      ]);
      expect(reversal).to.include({ id: 'rev', type: 'reversal', reversesId: 'orig', description: 'Reversal of orig', gatewayKey: null, payoutState: null });
      expect(reversal.amount.amount).to.equal(9n);
    });

    it('takes a description', () => {
      expect(original().reverse({ id: 'rev', now: NOW, description: 'Payout failed' }).description).to.equal('Payout failed');
    });

    it('happens once', () => {
      const reversed = LedgerTransaction.restore(state({ reversedById: 'rev' }));
      expect(() => reversed.reverse({ id: 'again', now: NOW })).to.throw(AlreadyReversedError).with.property('code', 'ALREADY_REVERSED');
    });

    it('does not apply to a reversal', () => {
      const reversal = original().reverse({ id: 'rev', now: NOW });
      expect(() => reversal.reverse({ id: 'again', now: NOW })).to.throw(NotReversibleError).with.property('code', 'NOT_REVERSIBLE');
    });
  });

  describe('refund', () => {
    const deposit = (overrides: Partial<LedgerTransactionState> = {}) =>
      LedgerTransaction.restore(state({ id: 'dep', type: 'deposit', entries: [entry(SETTLEMENT, brl(-100n)), entry('acc', brl(100n))], gatewayReference: 'ch_1', ...overrides }));
    const input = { id: 'ref', alreadyRefunded: brl(0n), gatewayKey: 'gk', now: NOW };

    it('takes the money back from the account the deposit credited, towards settlement, naming the deposit', () => {
      const refund = deposit().refund({ ...input, money: brl(30n) });
      expect(amounts(refund)).to.deep.equal([
        ['acc', -30n],
        [SETTLEMENT, 30n],
      ]);
      expect(refund).to.include({ id: 'ref', type: 'refund', refundsId: 'dep', reversesId: null, gatewayKey: 'gk', gatewayReference: null, description: 'Refund of dep', payoutState: 'awaiting' });
    });

    it('goes back out through the settlement shard the deposit came in by', () => {
      const shard = settlementAccountId('BRL', 9);
      const refund = deposit({ entries: [entry('acc', brl(100n)), entry(shard, brl(-100n))] }).refund({ ...input, money: brl(30n) });
      expect(amounts(refund)).to.deep.equal([
        ['acc', -30n],
        [shard, 30n],
      ]);
    });

    it('without an amount, refunds whatever is left; takes a description', () => {
      const refund = deposit().refund({ ...input, alreadyRefunded: brl(60n), description: 'goodwill' });
      expect(refund.amount.amount).to.equal(40n);
      expect(refund.description).to.equal('goodwill');
    });

    it('never beyond what is left of the deposit', () => {
      expect(deposit().refund({ ...input, alreadyRefunded: brl(60n), money: brl(40n) }).amount.amount).to.equal(40n);
      expect(() => deposit().refund({ ...input, alreadyRefunded: brl(60n), money: brl(41n) }))
        .to.throw(AlreadyRefundedError)
        .with.property('message')
        .that.matches(/Only 40 /);
      expect(() => deposit().refund({ ...input, alreadyRefunded: brl(100n) }))
        .to.throw(AlreadyRefundedError)
        .with.property('message')
        .that.matches(/in full/);
    });

    it('applies to deposits only, and not to one already reversed', () => {
      expect(() => LedgerTransaction.restore(state()).refund(input)).to.throw(NotRefundableError);
      expect(() => deposit({ reversedById: 'rev' }).refund(input)).to.throw(AlreadyReversedError);
    });

    it('refuses another currency', () => {
      expect(() => deposit().refund({ ...input, money: Money.of(5n, 'USD') })).to.throw(CurrencyMismatchError);
    });
  });

  describe('sweep', () => {
    const closed = (balance: bigint, ownerId = 1) => Account.restore({ ...stateOf(account('old')), ownerId, status: 'closed', balance: brl(balance) });

    it('moves the whole balance of a closed account to another account of its owner', () => {
      const sweep = LedgerTransaction.sweep({ id: 'sw', from: closed(75n), to: account('new'), now: NOW });
      expect(amounts(sweep)).to.deep.equal([
        ['old', -75n],
        ['new', 75n],
      ]);
      expect(sweep).to.include({ type: 'sweep', reversesId: null, refundsId: null, description: 'Closed account old swept' });
      expect(LedgerTransaction.sweep({ id: 'sw', from: closed(1n), to: account('new'), now: NOW, description: 'ops' }).description).to.equal('ops');
    });

    it('only from a closed account holding money, to another account of the same owner and currency', () => {
      expect(() => LedgerTransaction.sweep({ id: 'sw', from: closed(5n), to: closed(5n), now: NOW })).to.throw(SameAccountError);
      expect(() => LedgerTransaction.sweep({ id: 'sw', from: account('open'), to: account('new'), now: NOW })).to.throw(AccountNotClosedError);
      expect(() => LedgerTransaction.sweep({ id: 'sw', from: closed(5n, 2), to: account('new'), now: NOW })).to.throw(AccountOwnerMismatchError);
      expect(() => LedgerTransaction.sweep({ id: 'sw', from: closed(5n), to: account('usd', 'USD'), now: NOW })).to.throw(CurrencyMismatchError);
      expect(() => LedgerTransaction.sweep({ id: 'sw', from: closed(0n), to: account('new'), now: NOW })).to.throw(NothingToSweepError);
    });
  });

  describe('posting', () => {
    it('records each account’s resulting balance', () => {
      const tx = LedgerTransaction.restore(state());
      const posted = tx.posted(new Map([
        ['a', brl(95n)],
        ['b', brl(5n)],
      ]));
      expect(posted.entries.map((e) => e.balanceAfter?.amount)).to.deep.equal([95n, 5n]);
      expect(tx.entries.every((e) => e.balanceAfter === null)).to.equal(true);
    });

    it('refuses to post without every resulting balance', () => {
      expect(() => LedgerTransaction.restore(state()).posted(new Map([['a', brl(1n)]]))).to.throw(LedgerInvariantError);
    });

    it('orders balance updates customers by id, settlement last, whatever the entry order', () => {
      const tx = LedgerTransaction.restore(state({ entries: [entry(SETTLEMENT, brl(-3n)), entry('c-2', brl(1n)), entry('c-1', brl(2n))] }));
      expect(tx.postingOrder().map((e) => e.accountId)).to.deep.equal(['c-1', 'c-2', SETTLEMENT]);
      const reversed = LedgerTransaction.restore(state({ entries: [entry('c-1', brl(2n)), entry(SETTLEMENT, brl(-3n)), entry('c-2', brl(1n))] }));
      expect(reversed.postingOrder().map((e) => e.accountId)).to.deep.equal(['c-1', 'c-2', SETTLEMENT]);
      // Any shard of settlement comes last, though its id sorts before the customers'.
      const shard = settlementAccountId('BRL', 12);
      const sharded = LedgerTransaction.restore(state({ entries: [entry(shard, brl(-3n)), entry('c-2', brl(3n))] }));
      expect(sharded.postingOrder().map((e) => e.accountId)).to.deep.equal(['c-2', shard]);
    });
  });
});

function stateOf(a: Account) {
  return { id: a.id, kind: a.kind, ownerId: a.ownerId, currency: a.currency, status: a.status, balance: a.balance, pendingBalance: a.pendingBalance, createdAt: a.createdAt, updatedAt: a.updatedAt };
}

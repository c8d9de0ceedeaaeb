import { expect } from 'chai';
import { Account } from '../../../../src/domain/modules/financial/account.entity';
import {
  AccountClosedError,
  AccountFrozenError,
  CurrencyMismatchError,
  InsufficientFundsError,
  LedgerInvariantError,
  SameAccountError,
  SystemAccountError,
} from '../../../../src/domain/modules/financial/financial.errors';
import { Hold, MAX_HOLD_SECONDS, type NewHold } from '../../../../src/domain/modules/financial/hold.entity';
import { CaptureExceedsHoldError, HoldNotFoundError, HoldNotPendingError, WithdrawalHoldError } from '../../../../src/domain/modules/financial/hold.errors';
import { LedgerTransaction } from '../../../../src/domain/modules/financial/ledger-transaction.entity';
import { Money } from '../../../../src/domain/modules/financial/money.value-object';
import { ValidationError } from '../../../../src/domain/shared/domain-error';
import { anAccount } from '../../../builders/account.builder';

const NOW = new Date('2026-06-01T10:00:00.000Z');
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
const brl = (amount: bigint) => Money.of(amount, 'BRL');

function placed(overrides: Partial<NewHold> = {}): Hold {
  return Hold.place({
    id: 'hold-1',
    from: anAccount().withId('from').withBalance(1_000n).build(),
    to: anAccount().withId('to').ownedBy(2).build(),
    money: brl(300n),
    expiresInSeconds: 60,
    description: 'Hotel',
    now: NOW,
    ...overrides,
  });
}

describe('Hold', () => {
  describe('place', () => {
    it('reserves the amount on the source entity and is pending until its expiry', () => {
      const from = anAccount().withId('from').withBalance(1_000n).holding(100n).build();
      const hold = placed({ from });
      expect(from.pendingBalance.amount).to.equal(400n);
      expect(from.availableBalance.amount).to.equal(600n);
      expect(hold).to.include({ id: 'hold-1', fromAccountId: 'from', toAccountId: 'to', currency: 'BRL', status: 'pending', description: 'Hotel' });
      expect(hold).to.include({ capturedAmount: null, resolvedAt: null, captureTransactionId: null });
      expect(hold.amount.amount).to.equal(300n);
      expect(hold.createdAt).to.equal(NOW);
      expect(hold.expiresAt).to.deep.equal(later(60));
      expect(placed({ description: undefined }).description).to.equal(null);
    });

    it('follows the rules of a transfer between the two accounts', () => {
      const from = anAccount().withId('from').withBalance(1_000n).build();
      expect(() => placed({ to: from, from })).to.throw(SameAccountError);
      expect(() => placed({ to: Account.settlement('BRL', NOW) })).to.throw(SystemAccountError);
      expect(() => placed({ to: anAccount().withId('to').inCurrency('USD').build() })).to.throw(CurrencyMismatchError);
      expect(() => placed({ to: anAccount().withId('to').closed().build() })).to.throw(AccountClosedError);
      expect(() => placed({ money: brl(1_001n) })).to.throw(InsufficientFundsError);
      expect(() => placed({ from: Account.settlement('BRL', NOW) })).to.throw(SystemAccountError);
      expect(() => placed({ money: Money.of(5n, 'USD'), to: anAccount().withId('to').inCurrency('USD').build() })).to.throw(CurrencyMismatchError);
    });

    it('expires 1 second to 30 days after it is placed, in whole seconds', () => {
      expect(placed({ expiresInSeconds: 1 }).expiresAt).to.deep.equal(later(1));
      expect(placed({ expiresInSeconds: MAX_HOLD_SECONDS }).expiresAt).to.deep.equal(later(MAX_HOLD_SECONDS));
      for (const bad of [0, -1, 1.5, MAX_HOLD_SECONDS + 1]) expect(() => placed({ expiresInSeconds: bad }), String(bad)).to.throw(ValidationError);
    });
  });

  describe('statusAt and asOf: expired from expiresAt on, swept or not', () => {
    it('a pending hold reads expired at and after its expiry, resolved at that moment', () => {
      const hold = placed();
      expect(hold.statusAt(later(59))).to.equal('pending');
      expect(hold.statusAt(later(60))).to.equal('expired');
      expect(hold.asOf(later(59))).to.equal(hold);
      const expired = hold.asOf(later(61));
      expect(expired).to.include({ status: 'expired', resolvedAt: hold.expiresAt });
      expect(hold.status).to.equal('pending');
    });

    it('a resolved hold keeps its status past the expiry', () => {
      const hold = placed();
      hold.void(later(1));
      expect(hold.statusAt(later(100))).to.equal('voided');
      expect(hold.asOf(later(100))).to.equal(hold);
    });
  });

  describe('capture', () => {
    it('takes the whole hold when no amount is given', () => {
      const hold = placed();
      expect(hold.capture(undefined, 'tx-1', later(5)).amount).to.equal(300n);
      expect(hold).to.include({ status: 'captured', captureTransactionId: 'tx-1' });
      expect(hold.capturedAmount?.amount).to.equal(300n);
      expect(hold.resolvedAt).to.deep.equal(later(5));
    });

    it('takes 1 up to the held amount', () => {
      expect(placed().capture(brl(1n), 'tx', NOW).amount).to.equal(1n);
      expect(placed().capture(brl(300n), 'tx', NOW).amount).to.equal(300n);
      expect(() => placed().capture(brl(301n), 'tx', NOW)).to.throw(CaptureExceedsHoldError).with.property('code', 'CAPTURE_EXCEEDS_HOLD');
      expect(() => placed().capture(brl(0n), 'tx', NOW)).to.throw(ValidationError);
      expect(() => placed().capture(Money.of(5n, 'USD'), 'tx', NOW)).to.throw(CurrencyMismatchError);
    });

    it('resolves once: a captured, voided or expired hold is not pending', () => {
      const captured = placed();
      captured.capture(undefined, 'tx', NOW);
      expect(() => captured.capture(undefined, 'tx-2', NOW)).to.throw(HoldNotPendingError).with.property('status', 'captured');
      expect(() => captured.void(NOW)).to.throw(HoldNotPendingError);
      const voided = placed();
      voided.void(later(2));
      expect(voided).to.include({ status: 'voided', capturedAmount: null });
      expect(voided.resolvedAt).to.deep.equal(later(2));
      expect(() => voided.capture(undefined, 'tx', NOW)).to.throw(HoldNotPendingError).with.property('message').that.includes('voided');
      expect(() => placed().capture(undefined, 'tx', later(60))).to.throw(HoldNotPendingError).with.property('status', 'expired');
      expect(() => placed().void(later(61))).to.throw(HoldNotPendingError);
    });

    it('posts as a capture transaction from the source to the destination, naming the hold', () => {
      const hold = placed();
      const money = hold.capture(brl(120n), 'tx-9', NOW);
      const tx = LedgerTransaction.capture({ id: 'tx-9', hold, money, description: hold.description, now: NOW });
      expect(tx).to.include({ id: 'tx-9', type: 'capture', holdId: 'hold-1', description: 'Hotel', refundsId: null, payoutState: null });
      expect(tx.entries.map((e) => [e.accountId, e.amount.amount])).to.deep.equal([
        ['from', -120n],
        ['to', 120n],
      ]);
    });
  });

  describe('for a withdrawal', () => {
    const withdrawalHold = (from = anAccount().withId('from').withBalance(1_000n).build()) =>
      Hold.forWithdrawal({ id: 'hold-w', from, money: brl(300n), description: 'Rent', now: NOW });

    it('reserves the amount as a debit would, with no destination and no expiry', () => {
      const from = anAccount().withId('from').withBalance(1_000n).build();
      const hold = withdrawalHold(from);
      expect(from.availableBalance.amount).to.equal(700n);
      expect(hold).to.include({ kind: 'withdrawal', fromAccountId: 'from', toAccountId: null, expiresAt: null, status: 'pending', description: 'Rent' });
      expect(Hold.forWithdrawal({ id: 'h', from, money: brl(1n), now: NOW }).description).to.equal(null);
      expect(() => withdrawalHold(anAccount().withBalance(100n).build())).to.throw(InsufficientFundsError);
      expect(() => withdrawalHold(anAccount().withBalance(1_000n).frozen().build())).to.throw(AccountFrozenError);
    });

    it('stays pending however late it is read: only its payout resolves it', () => {
      const hold = withdrawalHold();
      const inAYear = later(365 * 24 * 3600);
      expect(hold.statusAt(inAYear)).to.equal('pending');
      expect(hold.asOf(inAYear)).to.equal(hold);
      hold.capture(undefined, 'w-1', inAYear);
      expect(hold).to.include({ status: 'captured', captureTransactionId: 'w-1' });
    });

    it('refuses a client’s capture or void, which a transfer hold allows', () => {
      expect(() => withdrawalHold().assertResolvableByClient()).to.throw(WithdrawalHoldError);
      expect(() => placed().assertResolvableByClient()).to.not.throw();
    });

    it('is posted by its withdrawal, never as a capture', () => {
      const hold = withdrawalHold();
      expect(() => LedgerTransaction.capture({ id: 'tx', hold, money: hold.amount, now: NOW })).to.throw(LedgerInvariantError);
    });
  });

  it('restore copies the state: resolving the hold leaves the source alone', () => {
    const hold = placed();
    const restored = Hold.restore({
      id: hold.id,
      kind: 'transfer',
      fromAccountId: hold.fromAccountId,
      toAccountId: hold.toAccountId,
      amount: hold.amount,
      capturedAmount: null,
      status: 'pending',
      description: null,
      expiresAt: hold.expiresAt,
      createdAt: hold.createdAt,
      resolvedAt: null,
      captureTransactionId: null,
    });
    restored.void(NOW);
    expect(hold.status).to.equal('pending');
    expect(restored.status).to.equal('voided');
  });

  it('a hold nobody may see is not found', () => {
    expect(new HoldNotFoundError()).to.include({ code: 'HOLD_NOT_FOUND', message: 'Hold not found' });
  });
});

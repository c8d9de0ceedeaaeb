import { expect } from 'chai';
import { settlementAccountId } from '../../../../src/domain/modules/financial/account.entity';
import { AlreadyReversedError, WithdrawalPendingError } from '../../../../src/domain/modules/financial/financial.errors';
import { PayoutSettledError, RefundPendingError, RefundRequiredError } from '../../../../src/domain/modules/financial/gateway-settled.errors';
import { assertLedgerReversible } from '../../../../src/domain/modules/financial/ledger-reversal.policy';
import { LedgerTransaction, type LedgerTransactionState, type TransactionType } from '../../../../src/domain/modules/financial/ledger-transaction.entity';
import { Money } from '../../../../src/domain/modules/financial/money.value-object';

const brl = (amount: bigint) => Money.of(amount, 'BRL');

function transaction(type: TransactionType, overrides: Partial<LedgerTransactionState> = {}): LedgerTransaction {
  return LedgerTransaction.restore({
    id: 'tx',
    type,
    description: null,
    entries: [
      { accountId: 'acc', amount: brl(-5n), balanceAfter: null },
      { accountId: settlementAccountId('BRL'), amount: brl(5n), balanceAfter: null },
    ],
    reversesId: type === 'reversal' ? 'orig' : null,
    reversedById: null,
    refundsId: type === 'refund' ? 'dep' : null,
    holdId: type === 'capture' ? 'hold' : null,
    gatewayKey: null,
    gatewayReference: null,
    payoutState: type === 'withdrawal' || type === 'refund' ? 'awaiting' : null,
    createdAt: new Date('2026-03-01T12:00:00Z'),
    ...overrides,
  });
}

describe('assertLedgerReversible', () => {
  it('lets movements that never left the books through: transfers, sweeps (reversals are refused by the transaction)', () => {
    for (const type of ['transfer', 'sweep', 'reversal'] as const) expect(() => assertLedgerReversible(transaction(type))).to.not.throw();
  });

  it('sends a deposit to a refund: its money came in through a charge', () => {
    expect(() => assertLedgerReversible(transaction('deposit', { gatewayReference: 'ch_1' }))).to.throw(RefundRequiredError).with.property('code', 'REFUND_REQUIRED');
  });

  for (const type of ['withdrawal', 'refund'] as const) {
    it(`refuses a paid-out ${type}: its money has left`, () => {
      expect(() => assertLedgerReversible(transaction(type, { gatewayReference: 'po_1', payoutState: 'paid' }))).to.throw(PayoutSettledError).with.property('code', 'PAYOUT_SETTLED');
    });

    it(`says a ${type} put back after a failed gateway call is reversed already`, () => {
      expect(() => assertLedgerReversible(transaction(type, { reversedById: 'rev', payoutState: 'returned' }))).to.throw(AlreadyReversedError);
    });
  }

  it('reads the payout state, not the reversal, to say a debit was put back', () => {
    expect(() => assertLedgerReversible(transaction('withdrawal', { payoutState: 'returned' }))).to.throw(AlreadyReversedError);
  });

  it('refuses a withdrawal or refund whose gateway call has no result yet: its retry settles it', () => {
    expect(() => assertLedgerReversible(transaction('withdrawal'))).to.throw(WithdrawalPendingError);
    expect(() => assertLedgerReversible(transaction('refund'))).to.throw(RefundPendingError).with.property('code', 'REFUND_PENDING');
  });
});

import { expect } from 'chai';
import { holdEvent } from '../../../../src/domain/modules/financial/financial.events';
import { Hold } from '../../../../src/domain/modules/financial/hold.entity';
import { holdResource } from '../../../../src/domain/modules/financial/hold.resource';
import { Money } from '../../../../src/domain/modules/financial/money.value-object';
import { anAccount } from '../../../builders/account.builder';

const NOW = new Date('2026-06-01T10:00:00.000Z');
const brl = (amount: bigint) => Money.of(amount, 'BRL');

const aHold = (description?: string) =>
  Hold.place({
    id: 'hold-1',
    from: anAccount().withId('from').withBalance(1_000n).build(),
    to: anAccount().withId('to').ownedBy(2).build(),
    money: brl(300n),
    expiresInSeconds: 60,
    description,
    now: NOW,
  });

describe('hold resource and events', () => {
  it('a pending hold: amounts as JSON integers, timestamps as ISO strings, nothing captured', () => {
    expect(holdResource(aHold('Hotel'))).to.deep.equal({
      id: 'hold-1',
      kind: 'transfer',
      fromAccountId: 'from',
      toAccountId: 'to',
      amount: 300,
      currency: 'BRL',
      capturedAmount: null,
      status: 'pending',
      description: 'Hotel',
      expiresAt: '2026-06-01T10:01:00.000Z',
      createdAt: '2026-06-01T10:00:00.000Z',
      resolvedAt: null,
      captureTransactionId: null,
    });
  });

  it('a captured hold names what it posted, and when', () => {
    const hold = aHold();
    hold.capture(brl(120n), 'tx-1', new Date('2026-06-01T10:00:30.000Z'));
    expect(holdResource(hold)).to.include({ capturedAmount: 120, status: 'captured', resolvedAt: '2026-06-01T10:00:30.000Z', captureTransactionId: 'tx-1', description: null });
  });

  it('its events are ordered with both accounts and carry the resource', () => {
    const hold = aHold();
    expect(holdEvent('hold.placed', hold)).to.deep.equal({ type: 'hold.placed', orderingKeys: ['from', 'to'], data: holdResource(hold) });
  });

  it('a withdrawal’s hold: no destination, no expiry, ordered with its source alone', () => {
    const hold = Hold.forWithdrawal({ id: 'hold-w', from: anAccount().withId('from').withBalance(1_000n).build(), money: brl(50n), now: NOW });
    expect(holdResource(hold)).to.include({ kind: 'withdrawal', toAccountId: null, expiresAt: null, status: 'pending' });
    expect(holdEvent('hold.placed', hold).orderingKeys).to.deep.equal(['from']);
  });
});

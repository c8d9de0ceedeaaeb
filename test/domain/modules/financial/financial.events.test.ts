import { expect } from 'chai';
import { accountEvent, transactionPosted } from '../../../../src/domain/modules/financial/financial.events';
import { accountResource } from '../../../../src/domain/modules/financial/account.resource';
import { transactionResource } from '../../../../src/domain/modules/financial/transaction.resource';
import { anAccount } from '../../../builders/account.builder';
import { aDeposit } from '../../../builders/ledger-transaction.builder';

describe('financial events', () => {
  it('transaction.posted carries the transaction as the API shows it, ordered by its customer accounts only', () => {
    const account = anAccount().withId('3f2b8c1e-9d4a-4e7b-8a6f-1c2d3e4f5a6b').build();
    const deposit = aDeposit().into(account).of(300n).build();

    const event = transactionPosted(deposit);

    expect(event.type).to.equal('transaction.posted');
    expect(event.orderingKeys).to.deep.equal([account.id]);
    expect(event.data).to.deep.equal(transactionResource(deposit));
    expect(event.data).to.include({ id: deposit.id, type: 'deposit', amount: 300, currency: 'BRL' });
  });

  it('an account event carries the account as the API shows it, ordered by the account', () => {
    const account = anAccount().withId('7c9e6679-7425-40de-944b-e07fc1f90ae7').frozen().build();

    const event = accountEvent('account.frozen', account);

    expect(event).to.deep.equal({ type: 'account.frozen', orderingKeys: [account.id], data: accountResource(account) });
    expect(event.data).to.include({ id: account.id, status: 'frozen' });
    expect(Object.keys(event.data)).to.have.members(['id', 'ownerId', 'currency', 'status', 'balance', 'pendingBalance', 'availableBalance', 'createdAt']);
  });
});

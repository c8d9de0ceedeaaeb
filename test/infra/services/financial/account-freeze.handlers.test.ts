import { expect } from 'chai';
import type { Account } from '../../../../src/domain/modules/financial/account.entity';
import type { IAccountRepository } from '../../../../src/domain/modules/financial/account.repository';
import { FreezeAccountsWhenUserDeactivated } from '../../../../src/infra/services/financial/freeze-accounts-when-user-deactivated.handler';
import { UnfreezeAccountsWhenUserActivated } from '../../../../src/infra/services/financial/unfreeze-accounts-when-user-activated.handler';
import { anAccount } from '../../../builders/account.builder';
import { aUser } from '../../../builders/user.builder';
import { stubPort } from '../../../doubles/stub-port';
import { RecordingOutbox } from '../../../doubles/recording-outbox';

const NOW = new Date('2026-06-07T08:09:10.000Z');

/** An account repository holding `owned` for owner 40, recording the statuses it is asked to store. */
function repositoryOf(owned: Account[]) {
  const accounts = stubPort<IAccountRepository>();
  const stored: string[] = [];
  accounts.findByOwner.callsFake(async (ownerId) => (ownerId === 40 ? owned : []));
  accounts.updateStatus.callsFake(async (account) => void stored.push(`${account.id}:${account.status}`));
  return { accounts, stored };
}

describe('account freeze handlers', () => {
  const owner = aUser().withId(40).build();

  it('FreezeAccountsWhenUserDeactivated freezes the active accounts, locked, and leaves the others', async () => {
    const { accounts, stored } = repositoryOf([anAccount().withId('a').build(), anAccount().withId('b').closed().build(), anAccount().withId('c').build()]);
    const outbox = new RecordingOutbox();
    const handler = new FreezeAccountsWhenUserDeactivated(accounts, { now: () => NOW }, outbox);
    expect(handler.handles).to.deep.equal(['UserDeactivated']);

    await handler.handle({ type: 'UserDeactivated', user: owner });
    expect(stored).to.deep.equal(['a:frozen', 'c:frozen']);
    expect(outbox.events.map((e) => [e.type, e.orderingKeys, e.data.status])).to.deep.equal([
      ['account.frozen', ['a'], 'frozen'],
      ['account.frozen', ['c'], 'frozen'],
    ]);
    expect(accounts.findByOwner.firstCall.args).to.deep.equal([40, { forUpdate: true }]);
    expect(accounts.updateStatus.firstCall.args[0].updatedAt).to.equal(NOW);
  });

  it('UnfreezeAccountsWhenUserActivated unfreezes the frozen accounts only', async () => {
    const { accounts, stored } = repositoryOf([anAccount().withId('a').frozen().build(), anAccount().withId('b').closed().build(), anAccount().withId('c').build()]);
    const handler = new UnfreezeAccountsWhenUserActivated(accounts, { now: () => NOW }, new RecordingOutbox());
    expect(handler.handles).to.deep.equal(['UserActivated']);

    await handler.handle({ type: 'UserActivated', user: owner });
    expect(stored).to.deep.equal(['a:active']);
    expect(accounts.findByOwner.firstCall.args).to.deep.equal([40, { forUpdate: true }]);
  });
});

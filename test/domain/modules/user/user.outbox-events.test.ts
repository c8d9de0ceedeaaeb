import { expect } from 'chai';
import { userOrderingKey, userOutboxEvent } from '../../../../src/domain/modules/user/user.outbox-events';
import { userResource } from '../../../../src/domain/modules/user/user.resource';
import { aUser } from '../../../builders/user.builder';

describe('user outbox events', () => {
  it('carry the user as the API shows it, never the password hash, ordered by user:<id>', () => {
    const user = aUser().withId(42).build();

    const event = userOutboxEvent('user.password_changed', user);

    expect(event.type).to.equal('user.password_changed');
    expect(event.orderingKeys).to.deep.equal(['user:42']);
    expect(userOrderingKey(user)).to.equal('user:42');
    expect(event.data).to.deep.equal(userResource(user));
    expect(Object.keys(event.data)).to.have.members(['id', 'cpf', 'name', 'email', 'role', 'isActive', 'createdAt', 'updatedAt']);
    expect(JSON.stringify(event.data)).not.to.contain('argon2');
  });
});

import { expect } from 'chai';
import { userResource } from '../../../../src/domain/modules/user/user.resource';
import { RecordUserEventsInOutbox } from '../../../../src/infra/services/user/record-user-events-in-outbox.handler';
import { aUser } from '../../../builders/user.builder';
import { RecordingOutbox } from '../../../doubles/recording-outbox';

describe('RecordUserEventsInOutbox', () => {
  it('records each user change other modules react to as its outside event, with the user as the API shows it', async () => {
    const outbox = new RecordingOutbox();
    const handler = new RecordUserEventsInOutbox(outbox);
    const user = aUser().withId(5).build();

    for (const type of handler.handles) await handler.handle({ type, user });

    expect(outbox.types()).to.deep.equal(['user.deactivated', 'user.activated', 'user.password_changed']);
    expect(outbox.events.every((e) => e.orderingKeys.join() === 'user:5')).to.equal(true);
    expect(outbox.events[0].data).to.deep.equal(userResource(user));
  });
});

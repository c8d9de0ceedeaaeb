import { expect } from 'chai';
import { eventResource } from '../../../src/domain/shared/event.resource';

describe('eventResource', () => {
  it('answers the position as a decimal string, exact beyond 2^53', () => {
    const occurredAt = new Date('2026-12-04T10:00:00.000Z');
    const event = { id: 'e1', type: 'user.activated', occurredAt, position: 9_007_199_254_740_993n, data: { id: 1 } } as const;

    expect(eventResource(event)).to.deep.equal({ id: 'e1', type: 'user.activated', occurredAt: '2026-12-04T10:00:00.000Z', position: '9007199254740993', data: { id: 1 } });
  });
});

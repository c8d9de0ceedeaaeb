import { inject, injectable } from 'inversify';
import type { IUserEventHandler } from '../../../domain/modules/user/user-event.handler';
import type { UserEventOf } from '../../../domain/modules/user/user.events';
import { type UserOutboxEventType, userOutboxEvent } from '../../../domain/modules/user/user.outbox-events';
import type { IEventOutbox } from '../../../domain/shared/events.port';
import { SHARED_TYPES } from '../../../domain/shared/shared.types';

type Recorded = 'UserDeactivated' | 'UserActivated' | 'PasswordChanged';

const OUTBOX_TYPE: Record<Recorded, UserOutboxEventType> = {
  UserDeactivated: 'user.deactivated',
  UserActivated: 'user.activated',
  PasswordChanged: 'user.password_changed',
};

/**
 * The user changes other modules react to are also events for the outside: recorded in the
 * transaction of the change, while the user's row is locked (the order of a user's events).
 * Bound first among the user event handlers, so `user.deactivated` precedes the `account.frozen`
 * events it causes.
 */
@injectable()
export class RecordUserEventsInOutbox implements IUserEventHandler<Recorded> {
  readonly handles = ['UserDeactivated', 'UserActivated', 'PasswordChanged'] as const;

  constructor(@inject(SHARED_TYPES.IEventOutbox) private readonly outbox: IEventOutbox) {}

  handle(event: UserEventOf<Recorded>): Promise<void> {
    return this.outbox.record(userOutboxEvent(OUTBOX_TYPE[event.type], event.user));
  }
}

import type { NewEvent } from '../../shared/events.port';
import type { User } from './user.entity';
import { userResource } from './user.resource';

export type UserOutboxEventType = 'user.registered' | 'user.updated' | 'user.deactivated' | 'user.activated' | 'user.password_changed';

/** The key that orders a user's events: the change holds the user's row (locked or new) when it records one. */
export function userOrderingKey(user: User): string {
  return `user:${user.id as number}`;
}

/** A user event carries the user as the API shows it: no password hash, nothing secret. */
export function userOutboxEvent(type: UserOutboxEventType, user: User): NewEvent {
  return { type, orderingKeys: [userOrderingKey(user)], data: userResource(user) };
}

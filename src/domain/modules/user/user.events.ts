import type { User } from './user.entity';

/**
 * What happens to a user that other modules react to, published by the user service inside the
 * transaction of the change (see IUserEventHandler). Each carries the user as changed.
 */
export interface UserDeactivated {
  readonly type: 'UserDeactivated';
  readonly user: User;
}

export interface UserActivated {
  readonly type: 'UserActivated';
  readonly user: User;
}

/** A new password hash, set by the user or reset by an admin. */
export interface PasswordChanged {
  readonly type: 'PasswordChanged';
  readonly user: User;
}

export type UserEvent = UserDeactivated | UserActivated | PasswordChanged;

export type UserEventType = UserEvent['type'];

/** The event of one type, or of each of a union of types. */
export type UserEventOf<Type extends UserEventType> = Extract<UserEvent, { type: Type }>;

import type { UserEventOf, UserEventType } from './user.events';

/**
 * One rule another module applies when something happens to a user (FreezeAccountsWhenUserDeactivated,
 * …), bound under USER_TYPES.IUserEventHandler. It runs inside the transaction of the user change,
 * so a handler that throws undoes the change with everything the other handlers wrote.
 *
 * `handles` lists the event types it reacts to, and `handle` receives only those: a handler says
 * nothing about the events it ignores. A type it lists but cannot handle does not compile.
 */
export interface IUserEventHandler<Type extends UserEventType = UserEventType> {
  readonly handles: readonly Type[];
  handle(event: UserEventOf<Type>): Promise<void>;
}

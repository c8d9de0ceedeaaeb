import { type UserResource, userResource } from '../../domain/modules/user/user.resource';

/** The same JSON as the user's events carry: one declaration, in the domain. */
export type UserResponse = UserResource;
export const presentUser = userResource;

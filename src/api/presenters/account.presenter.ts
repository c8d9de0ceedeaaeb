import { type AccountResource, accountResource } from '../../domain/modules/financial/account.resource';

/** The same JSON as the account's events carry: one declaration, in the domain. */
export type AccountResponse = AccountResource;
export const presentAccount = accountResource;

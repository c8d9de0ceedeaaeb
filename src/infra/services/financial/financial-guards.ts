import type { IAccountRepository } from '../../../domain/modules/financial/account.repository';
import type { Account } from '../../../domain/modules/financial/account.entity';
import { assertCanReach, assertServiceHasScope } from '../../../domain/modules/financial/account-access';
import type { Principal, Scope } from '../../../domain/modules/auth/principal';
import type { FinancialSettings } from '../../../domain/modules/financial/financial-settings';
import { AccountNotFoundError, UnsupportedCurrencyError } from '../../../domain/modules/financial/financial.errors';
import { Money } from '../../../domain/modules/financial/money.value-object';

/** The account if the actor may act on it with `scope`: 403 for a service lacking it, else 404. */
export async function reachableAccount(accounts: IAccountRepository, actor: Principal, accountId: string, scope: Scope): Promise<Account> {
  assertServiceHasScope(actor, scope);
  const account = await accounts.findById(accountId);
  if (!account) throw new AccountNotFoundError();
  assertCanReach(actor, account.ownerId, scope, () => new AccountNotFoundError());
  return account;
}

export function assertSupportedCurrency(settings: FinancialSettings, currency: string): void {
  if (!settings.supportedCurrencies.includes(currency)) throw new UnsupportedCurrencyError(currency);
}

/** A movement amount in a supported currency. */
export function movementMoney(settings: FinancialSettings, amount: bigint, currency: string): Money {
  assertSupportedCurrency(settings, currency);
  return Money.movement(amount, currency);
}

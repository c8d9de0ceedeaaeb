import type { IAccountRepository } from '../../../domain/modules/financial/account.repository';
import type { Account } from '../../../domain/modules/financial/account.entity';
import type { FinancialSettings } from '../../../domain/modules/financial/financial-settings';
import { AccountNotFoundError, UnsupportedCurrencyError } from '../../../domain/modules/financial/financial.errors';
import { Money } from '../../../domain/modules/financial/money.value-object';

/** The account, or 404; whether the caller may touch it is FinancialAccessPolicy's to say. */
export async function existingAccount(accounts: IAccountRepository, accountId: string): Promise<Account> {
  const account = await accounts.findById(accountId);
  if (!account) throw new AccountNotFoundError();
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

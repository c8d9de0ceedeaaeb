import type { IAccountRepository } from '../../../domain/modules/financial/account.repository';
import type { Account } from '../../../domain/modules/financial/account.entity';
import type { FinancialSettings } from '../../../domain/modules/financial/financial-settings';
import type { Principal } from '../../../domain/modules/auth/principal';
import { financialAccessPolicy as policy } from '../../../domain/modules/financial/financial-access.policy';
import { AccountNotFoundError, SystemAccountError, UnsupportedCurrencyError } from '../../../domain/modules/financial/financial.errors';
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

/**
 * The two customer accounts of a transfer or a hold, read in one query: an unknown source is 404,
 * someone else's source is the policy's answer, then system accounts and an unknown destination.
 */
export async function movingPair(accounts: IAccountRepository, actor: Principal, fromId: string, toId: string): Promise<{ from: Account; to: Account }> {
  const found = await accounts.findByIds([fromId, toId]);
  const from = found.find((a) => a.id === fromId);
  const to = found.find((a) => a.id === toId);
  if (!from) throw new AccountNotFoundError();
  policy.assertCanMoveMoney(actor, from);
  if (from.isSystem) throw new SystemAccountError();
  if (!to) throw new AccountNotFoundError();
  if (to.isSystem) throw new SystemAccountError();
  return { from, to };
}

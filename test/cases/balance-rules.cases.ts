import type { AccountStatus } from '../../src/domain/modules/financial/account.entity';
import { MAX_BALANCE } from '../../src/domain/modules/financial/money.value-object';

/**
 * The balance and status rules of an account, as one table. The entity (Account.debit / credit)
 * and the database's conditional updates and CHECK constraints state the same rules, each for its
 * own reader; test/domain and test/infra run every row against their side, so a rule added to one
 * side and not the other fails a test instead of surfacing as a 503 in production.
 */
export interface BalanceRuleCase {
  name: string;
  status: AccountStatus;
  balance: bigint;
  operation: 'debit' | 'credit';
  amount: bigint;
  /** `ok`, or the code of the error that refuses it. */
  outcome: 'ok' | 'INSUFFICIENT_FUNDS' | 'ACCOUNT_FROZEN' | 'ACCOUNT_CLOSED' | 'BALANCE_LIMIT_EXCEEDED';
}

export const BALANCE_RULE_CASES: readonly BalanceRuleCase[] = [
  { name: 'a debit within the balance', status: 'active', balance: 1_000n, operation: 'debit', amount: 400n, outcome: 'ok' },
  { name: 'a debit of the whole balance', status: 'active', balance: 1_000n, operation: 'debit', amount: 1_000n, outcome: 'ok' },
  { name: 'a debit one unit past the balance', status: 'active', balance: 1_000n, operation: 'debit', amount: 1_001n, outcome: 'INSUFFICIENT_FUNDS' },
  { name: 'a debit of an empty account', status: 'active', balance: 0n, operation: 'debit', amount: 1n, outcome: 'INSUFFICIENT_FUNDS' },
  { name: 'a debit of a frozen account', status: 'frozen', balance: 1_000n, operation: 'debit', amount: 100n, outcome: 'ACCOUNT_FROZEN' },
  { name: 'a debit of a closed account', status: 'closed', balance: 0n, operation: 'debit', amount: 1n, outcome: 'ACCOUNT_CLOSED' },
  { name: 'a credit to an active account', status: 'active', balance: 0n, operation: 'credit', amount: 500n, outcome: 'ok' },
  { name: 'a credit to a frozen account', status: 'frozen', balance: 10n, operation: 'credit', amount: 500n, outcome: 'ok' },
  { name: 'a credit to a closed account', status: 'closed', balance: 0n, operation: 'credit', amount: 500n, outcome: 'ACCOUNT_CLOSED' },
  { name: 'a credit up to the balance limit', status: 'active', balance: MAX_BALANCE - 5n, operation: 'credit', amount: 5n, outcome: 'ok' },
  { name: 'a credit one unit past the balance limit', status: 'active', balance: MAX_BALANCE - 5n, operation: 'credit', amount: 6n, outcome: 'BALANCE_LIMIT_EXCEEDED' },
];

import type { AccountStatus } from '../../src/domain/modules/financial/account.entity';
import { MAX_BALANCE } from '../../src/domain/modules/financial/money.value-object';

/**
 * The balance and status rules of an account, as one table (debits and holds take only the
 * available balance: posted less what live holds reserve). The entity (Account.debit / credit)
 * and the database's conditional updates and CHECK constraints state the same rules, each for its
 * own reader; test/domain and test/infra run every row against their side, so a rule added to one
 * side and not the other fails a test instead of surfacing as a 503 in production.
 */
export interface BalanceRuleCase {
  name: string;
  status: AccountStatus;
  balance: bigint;
  /** Reserved by a pending hold; `heldExpired`: that hold's expiry has passed (it no longer counts). */
  held?: bigint;
  heldExpired?: boolean;
  /** `reserve`: a hold placed on the account. */
  operation: 'debit' | 'credit' | 'reserve';
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
  { name: 'a debit within the available balance', status: 'active', balance: 1_000n, held: 600n, operation: 'debit', amount: 400n, outcome: 'ok' },
  { name: 'a debit one unit past the available balance', status: 'active', balance: 1_000n, held: 600n, operation: 'debit', amount: 401n, outcome: 'INSUFFICIENT_FUNDS' },
  { name: 'a debit of money only an expired hold reserved', status: 'active', balance: 1_000n, held: 600n, heldExpired: true, operation: 'debit', amount: 1_000n, outcome: 'ok' },
  { name: 'a credit to an account with held money', status: 'active', balance: 100n, held: 100n, operation: 'credit', amount: 5n, outcome: 'ok' },
  { name: 'a hold within the available balance', status: 'active', balance: 1_000n, held: 600n, operation: 'reserve', amount: 400n, outcome: 'ok' },
  { name: 'a hold one unit past the available balance', status: 'active', balance: 1_000n, held: 600n, operation: 'reserve', amount: 401n, outcome: 'INSUFFICIENT_FUNDS' },
  { name: 'a hold on money only an expired hold reserved', status: 'active', balance: 1_000n, held: 600n, heldExpired: true, operation: 'reserve', amount: 1_000n, outcome: 'ok' },
  { name: 'a hold on a frozen account', status: 'frozen', balance: 1_000n, operation: 'reserve', amount: 1n, outcome: 'ACCOUNT_FROZEN' },
  { name: 'a hold on a closed account', status: 'closed', balance: 0n, operation: 'reserve', amount: 1n, outcome: 'ACCOUNT_CLOSED' },
  { name: 'a credit one unit past the balance limit', status: 'active', balance: MAX_BALANCE - 5n, operation: 'credit', amount: 6n, outcome: 'BALANCE_LIMIT_EXCEEDED' },
];

/** What the account's entity sees as held: a hold past its expiry no longer counts. */
export const liveHeld = (rule: BalanceRuleCase): bigint => (rule.heldExpired ? 0n : (rule.held ?? 0n));

/** The posted balance and the pending balance (as live holds count it) after the rule ran. */
export function expectedAfter(rule: BalanceRuleCase): { balance: bigint; pending: bigint } {
  const pending = liveHeld(rule);
  if (rule.outcome !== 'ok') return { balance: rule.balance, pending };
  if (rule.operation === 'reserve') return { balance: rule.balance, pending: pending + rule.amount };
  return { balance: rule.operation === 'debit' ? rule.balance - rule.amount : rule.balance + rule.amount, pending };
}

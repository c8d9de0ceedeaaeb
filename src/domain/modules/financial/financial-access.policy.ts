import { ForbiddenError } from '../auth/auth.errors';
import { type Principal, type Scope, canReach, canReachAll, hasScope } from '../auth/principal';
import { AccountNotFoundError, TransactionNotFoundError } from './financial.errors';
import { HoldNotFoundError } from './hold.errors';

/** What a caller does to accounts and their money; each needs one scope of a service. */
export type FinancialAction = 'openAccount' | 'readAccount' | 'closeAccount' | 'moveMoney';

/** The part of an account that decides who reaches it; system accounts have no owner. */
export interface AccountOwnership {
  ownerId: number | null;
}

const SCOPE: Record<FinancialAction, Scope> = {
  openAccount: 'accounts:write',
  readAccount: 'accounts:read',
  closeAccount: 'accounts:write',
  moveMoney: 'payments:write',
};

/**
 * Who may do what to accounts, transactions and the ledger (the "who" column of the financial routes):
 * - a customer reaches only their own accounts, and the transactions and holds those accounts took part in;
 * - an admin reaches every account and transaction, and administers the ledger;
 * - a service reaches what its scopes allow: `accounts:read`, `accounts:write`, `payments:write`,
 *   `ledger:admin`.
 * A service lacking the scope is refused outright (403), before anything is looked up. Anyone else
 * who may not reach a resource is told it does not exist (404), so others' ids leak nothing.
 * System accounts (no owner) are reachable only by admins and the scope.
 *
 * Which transactions may be reversed is a ledger rule, not a question of who: ledger-reversal.policy.ts.
 */
export class FinancialAccessPolicy {
  /** Before any lookup: 403 for a service client lacking the action's scope. */
  assertMayAttempt(actor: Principal, action: FinancialAction): void {
    if (actor.kind === 'service' && !hasScope(actor, SCOPE[action])) throw new ForbiddenError();
  }

  /** Whether a listing without an owner answers every customer account. */
  seesEveryAccount(actor: Principal): boolean {
    return canReachAll(actor, SCOPE.readAccount);
  }

  /**
   * Whose accounts a caller may open or list: admins and scoped services name anyone; a customer only
   * themself, refused without looking the named owner up (nothing leaks).
   */
  assertCanNameOwner(actor: Principal, action: 'openAccount' | 'readAccount', namesSelf: boolean): void {
    if (!namesSelf && !canReachAll(actor, SCOPE[action])) throw new ForbiddenError('Customers may only name themselves as owner');
  }

  /** Reading the account, its balance and its statement. */
  assertCanReadAccount(actor: Principal, account: AccountOwnership): void {
    this.assertReaches(actor, 'readAccount', account);
  }

  assertCanCloseAccount(actor: Principal, account: AccountOwnership): void {
    this.assertReaches(actor, 'closeAccount', account);
  }

  /** Deposits into, withdrawals from and transfers out of the account. */
  assertCanMoveMoney(actor: Principal, account: AccountOwnership): void {
    this.assertReaches(actor, 'moveMoney', account);
  }

  /** Capturing or voiding a hold: whoever may move money from its source; anyone else is told it does not exist. */
  assertCanResolveHold(actor: Principal, source: AccountOwnership): void {
    if (!this.reaches(actor, 'moveMoney', source)) throw new HoldNotFoundError();
  }

  /** A hold is visible to whoever may read its source or its destination. */
  assertCanReadHold(actor: Principal, parties: readonly AccountOwnership[]): void {
    if (!parties.some((party) => this.reaches(actor, 'readAccount', party))) throw new HoldNotFoundError();
  }

  /** A transaction is visible to the owner of any account it touched (never through a system account). */
  assertCanReadTransaction(actor: Principal, parties: readonly AccountOwnership[]): void {
    const scope = SCOPE.readAccount;
    if (canReachAll(actor, scope)) return;
    if (!parties.some((party) => party.ownerId !== null && canReach(actor, party.ownerId, scope))) throw new TransactionNotFoundError();
  }

  /** Reversals, refunds, sweeps and the integrity report: admins and `ledger:admin` only (else 403). */
  assertCanAdministerLedger(actor: Principal): void {
    if (!canReachAll(actor, 'ledger:admin')) throw new ForbiddenError();
  }

  /** The event feed (every account's and user's changes): admins and `ledger:admin` only (else 403). */
  assertCanReadEvents(actor: Principal): void {
    if (!canReachAll(actor, 'ledger:admin')) throw new ForbiddenError();
  }

  private assertReaches(actor: Principal, action: FinancialAction, account: AccountOwnership): void {
    if (!this.reaches(actor, action, account)) throw new AccountNotFoundError();
  }

  private reaches(actor: Principal, action: FinancialAction, account: AccountOwnership): boolean {
    const scope = SCOPE[action];
    return account.ownerId === null ? canReachAll(actor, scope) : canReach(actor, account.ownerId, scope);
  }
}

/** The policy holds no state: one instance serves every caller. */
export const financialAccessPolicy = new FinancialAccessPolicy();

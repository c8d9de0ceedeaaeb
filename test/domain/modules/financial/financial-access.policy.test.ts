import { expect } from 'chai';
import { ForbiddenError } from '../../../../src/domain/modules/auth/auth.errors';
import type { Principal } from '../../../../src/domain/modules/auth/principal';
import { type AccountOwnership, type FinancialAction, financialAccessPolicy } from '../../../../src/domain/modules/financial/financial-access.policy';
import { AccountNotFoundError, TransactionNotFoundError } from '../../../../src/domain/modules/financial/financial.errors';
import { HoldNotFoundError } from '../../../../src/domain/modules/financial/hold.errors';

const owner: Principal = { kind: 'user', userId: 7, role: 'customer' };
const stranger: Principal = { kind: 'user', userId: 8, role: 'customer' };
const admin: Principal = { kind: 'user', userId: 1, role: 'admin' };
const reader: Principal = { kind: 'service', clientId: 'reports', scopes: ['accounts:read'] };
const writer: Principal = { kind: 'service', clientId: 'crm', scopes: ['accounts:write'] };
const payer: Principal = { kind: 'service', clientId: 'payments', scopes: ['payments:write'] };
const auditor: Principal = { kind: 'service', clientId: 'books', scopes: ['ledger:admin'] };
const owned: AccountOwnership = { ownerId: 7 };
const system: AccountOwnership = { ownerId: null };

type Expected = 'allowed' | typeof ForbiddenError | typeof AccountNotFoundError | typeof TransactionNotFoundError | typeof HoldNotFoundError;

function expectOutcome(run: () => unknown, expected: Expected, label: string): void {
  if (expected === 'allowed') expect(run, label).to.not.throw();
  else expect(run, label).to.throw(expected);
}

describe('FinancialAccessPolicy', () => {
  describe('assertMayAttempt: a service lacking the scope is 403 before any lookup', () => {
    const actions: FinancialAction[] = ['openAccount', 'readAccount', 'closeAccount', 'moveMoney'];
    const F = ForbiddenError;
    // Columns: openAccount, readAccount, closeAccount, moveMoney.
    const cases: [string, Principal, Expected[]][] = [
      ['customer', owner, ['allowed', 'allowed', 'allowed', 'allowed']],
      ['admin', admin, ['allowed', 'allowed', 'allowed', 'allowed']],
      ['accounts:read', reader, [F, 'allowed', F, F]],
      ['accounts:write', writer, ['allowed', F, 'allowed', F]],
      ['payments:write', payer, [F, F, F, 'allowed']],
      ['ledger:admin', auditor, [F, F, F, F]],
    ];
    for (const [label, actor, expected] of cases) {
      it(label, () => {
        actions.forEach((action, column) => {
          expectOutcome(() => financialAccessPolicy.assertMayAttempt(actor, action), expected[column] as Expected, `${label}: ${action}`);
        });
      });
    }
  });

  describe('one account (actor × account × action); someone else\'s is 404', () => {
    type Check = (actor: Principal, account: AccountOwnership) => void;
    const checks: Record<string, Check> = {
      read: (actor, account) => financialAccessPolicy.assertCanReadAccount(actor, account),
      close: (actor, account) => financialAccessPolicy.assertCanCloseAccount(actor, account),
      move: (actor, account) => financialAccessPolicy.assertCanMoveMoney(actor, account),
    };
    const N = AccountNotFoundError;
    // Columns: read, close, move. A service reaching this step holds its action's scope (assertMayAttempt).
    const cases: [string, Principal, AccountOwnership, Expected[]][] = [
      ['owner on own account', owner, owned, ['allowed', 'allowed', 'allowed']],
      ['another customer', stranger, owned, [N, N, N]],
      ['customer on a system account', owner, system, [N, N, N]],
      ['admin on a customer account', admin, owned, ['allowed', 'allowed', 'allowed']],
      ['admin on a system account', admin, system, ['allowed', 'allowed', 'allowed']],
      ['accounts:read', reader, owned, ['allowed', N, N]],
      ['accounts:write', writer, owned, [N, 'allowed', N]],
      ['payments:write on a system account', payer, system, [N, N, 'allowed']],
    ];
    for (const [label, actor, account, expected] of cases) {
      it(label, () => {
        Object.entries(checks).forEach(([name, check], column) => {
          expectOutcome(() => check(actor, account), expected[column] as Expected, `${label}: ${name}`);
        });
      });
    }
  });

  describe('assertCanReadTransaction: a party\'s owner, admins and accounts:read', () => {
    const cases: [string, Principal, AccountOwnership[], Expected][] = [
      ['owner of the source', owner, [owned, { ownerId: 9 }], 'allowed'],
      ['owner of the destination', owner, [{ ownerId: 9 }, owned], 'allowed'],
      ['no party of theirs', stranger, [owned, system], TransactionNotFoundError],
      ['only a system account took part', owner, [system], TransactionNotFoundError],
      ['admin', admin, [], 'allowed'],
      ['accounts:read', reader, [system], 'allowed'],
      ['payments:write (a service past assertMayAttempt holds accounts:read)', payer, [owned], TransactionNotFoundError],
    ];
    for (const [label, actor, parties, expected] of cases) {
      it(label, () => expectOutcome(() => financialAccessPolicy.assertCanReadTransaction(actor, parties), expected, label));
    }
  });

  describe('holds: whoever may move money from the source resolves it; a party\'s readers see it; anyone else gets 404', () => {
    const H = HoldNotFoundError;
    // Columns: resolve (source only), read (source, destination).
    const cases: [string, Principal, AccountOwnership, AccountOwnership, [Expected, Expected]][] = [
      ['owner of the source', owner, owned, { ownerId: 9 }, ['allowed', 'allowed']],
      ['owner of the destination only', owner, { ownerId: 9 }, owned, [H, 'allowed']],
      ['a stranger', stranger, owned, { ownerId: 9 }, [H, H]],
      ['admin', admin, owned, { ownerId: 9 }, ['allowed', 'allowed']],
      ['payments:write', payer, owned, { ownerId: 9 }, ['allowed', H]],
      ['accounts:read', reader, owned, { ownerId: 9 }, [H, 'allowed']],
    ];
    for (const [label, actor, source, destination, [resolve, read]] of cases) {
      it(label, () => {
        expectOutcome(() => financialAccessPolicy.assertCanResolveHold(actor, source), resolve, `${label}: resolve`);
        expectOutcome(() => financialAccessPolicy.assertCanReadHold(actor, [source, destination]), read, `${label}: read`);
      });
    }
  });

  it('assertCanNameOwner: a customer names only themself (403), admins and scoped services anyone', () => {
    expectOutcome(() => financialAccessPolicy.assertCanNameOwner(owner, 'openAccount', true), 'allowed', 'customer self');
    expectOutcome(() => financialAccessPolicy.assertCanNameOwner(owner, 'readAccount', false), ForbiddenError, 'customer other');
    expectOutcome(() => financialAccessPolicy.assertCanNameOwner(admin, 'openAccount', false), 'allowed', 'admin');
    expectOutcome(() => financialAccessPolicy.assertCanNameOwner(writer, 'openAccount', false), 'allowed', 'accounts:write');
    expectOutcome(() => financialAccessPolicy.assertCanNameOwner(reader, 'readAccount', false), 'allowed', 'accounts:read');
  });

  it('seesEveryAccount: admins and accounts:read', () => {
    expect([admin, reader, owner, writer].map((actor) => financialAccessPolicy.seesEveryAccount(actor))).to.deep.equal([true, true, false, false]);
  });

  it('assertCanAdministerLedger: admins and ledger:admin only, else 403', () => {
    for (const actor of [admin, auditor]) expectOutcome(() => financialAccessPolicy.assertCanAdministerLedger(actor), 'allowed', JSON.stringify(actor));
    for (const actor of [owner, reader, payer]) expectOutcome(() => financialAccessPolicy.assertCanAdministerLedger(actor), ForbiddenError, JSON.stringify(actor));
  });

  it('assertCanReadEvents: admins and ledger:admin only, else 403', () => {
    for (const actor of [admin, auditor]) expectOutcome(() => financialAccessPolicy.assertCanReadEvents(actor), 'allowed', JSON.stringify(actor));
    for (const actor of [owner, reader, payer]) expectOutcome(() => financialAccessPolicy.assertCanReadEvents(actor), ForbiddenError, JSON.stringify(actor));
  });
});

import { expect } from 'chai';
import { ForbiddenError } from '../../../../src/domain/modules/auth/auth.errors';
import type { Principal } from '../../../../src/domain/modules/auth/principal';
import { assertCanReach, assertCanReachAll, assertServiceHasScope } from '../../../../src/domain/modules/financial/account-access';
import { AccountNotFoundError } from '../../../../src/domain/modules/financial/financial.errors';

const customer: Principal = { kind: 'user', userId: 7, role: 'customer' };
const admin: Principal = { kind: 'user', userId: 1, role: 'admin' };
const reader: Principal = { kind: 'service', clientId: 'svc', scopes: ['accounts:read'] };
const scopeless: Principal = { kind: 'service', clientId: 'svc', scopes: ['users:read'] };
const notFound = () => new AccountNotFoundError();

describe('account access', () => {
  describe('assertCanReach', () => {
    it('lets the owner, an admin and a service with the scope through', () => {
      expect(() => assertCanReach(customer, 7, 'accounts:read', notFound)).to.not.throw();
      expect(() => assertCanReach(admin, 7, 'accounts:read', notFound)).to.not.throw();
      expect(() => assertCanReach(reader, 7, 'accounts:read', notFound)).to.not.throw();
    });

    it('tells another customer the account does not exist (404, no leak)', () => {
      expect(() => assertCanReach(customer, 8, 'accounts:read', notFound)).to.throw(AccountNotFoundError);
    });

    it('refuses a service without the scope with 403', () => {
      expect(() => assertCanReach(scopeless, 7, 'accounts:read', notFound)).to.throw(ForbiddenError);
      expect(() => assertCanReach(reader, 7, 'payments:write', notFound)).to.throw(ForbiddenError);
    });

    it('keeps system accounts (no owner) to admins and the scope', () => {
      expect(() => assertCanReach(customer, null, 'accounts:read', notFound)).to.throw(AccountNotFoundError);
      expect(() => assertCanReach(admin, null, 'accounts:read', notFound)).to.not.throw();
      expect(() => assertCanReach(reader, null, 'accounts:read', notFound)).to.not.throw();
    });
  });

  it('assertServiceHasScope checks services only', () => {
    expect(() => assertServiceHasScope(customer, 'ledger:admin')).to.not.throw();
    expect(() => assertServiceHasScope(reader, 'accounts:read')).to.not.throw();
    expect(() => assertServiceHasScope(scopeless, 'accounts:read')).to.throw(ForbiddenError);
  });

  it('assertCanReachAll admits admins and the scope only', () => {
    expect(() => assertCanReachAll(admin, 'ledger:admin')).to.not.throw();
    expect(() => assertCanReachAll({ kind: 'service', clientId: 's', scopes: ['ledger:admin'] }, 'ledger:admin')).to.not.throw();
    expect(() => assertCanReachAll(customer, 'ledger:admin')).to.throw(ForbiddenError);
    expect(() => assertCanReachAll(reader, 'ledger:admin')).to.throw(ForbiddenError);
  });
});

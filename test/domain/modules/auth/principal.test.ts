import { expect } from 'chai';
import {
  type Principal,
  SCOPES,
  canReach,
  canReachAll,
  hasScope,
  isAdmin,
  principalKey,
} from '../../../../src/domain/modules/auth/principal';

const customer: Principal = { kind: 'user', userId: 1, role: 'customer' };
const admin: Principal = { kind: 'user', userId: 2, role: 'admin' };
const reader: Principal = { kind: 'service', clientId: 'reports', scopes: ['users:read', 'accounts:read'] };
const noScopes: Principal = { kind: 'service', clientId: 'bare', scopes: [] };

describe('principal helpers', () => {
  it('lists the six scopes of the contract', () => {
    expect(SCOPES).to.deep.equal(['users:read', 'users:write', 'accounts:read', 'accounts:write', 'payments:write', 'ledger:admin', 'webhooks:admin']);
  });

  it('isAdmin is true only for a user with the admin role', () => {
    expect(isAdmin(admin)).to.equal(true);
    expect(isAdmin(customer)).to.equal(false);
    expect(isAdmin(reader)).to.equal(false);
  });

  it('hasScope is true only for a service holding the scope', () => {
    expect(hasScope(reader, 'users:read')).to.equal(true);
    expect(hasScope(reader, 'users:write')).to.equal(false);
    expect(hasScope(noScopes, 'users:read')).to.equal(false);
    // Users never hold scopes, not even admins: their reach comes from the role.
    expect(hasScope(admin, 'users:read')).to.equal(false);
  });

  it('canReachAll: admins and services with the scope', () => {
    expect(canReachAll(admin, 'ledger:admin')).to.equal(true);
    expect(canReachAll(reader, 'accounts:read')).to.equal(true);
    expect(canReachAll(reader, 'accounts:write')).to.equal(false);
    expect(canReachAll(customer, 'accounts:read')).to.equal(false);
  });

  it('canReach: the owner, admins and services with the scope; nobody else', () => {
    expect(canReach(customer, 1, 'users:read')).to.equal(true);
    expect(canReach(customer, 99, 'users:read')).to.equal(false);
    expect(canReach(admin, 99, 'users:read')).to.equal(true);
    expect(canReach(reader, 99, 'users:read')).to.equal(true);
    expect(canReach(reader, 99, 'users:write')).to.equal(false);
    // A service's client id never matches a user id.
    expect(canReach(noScopes, 1, 'users:read')).to.equal(false);
  });

  it('principalKey tells users and services apart', () => {
    expect(principalKey(customer)).to.equal('user:1');
    expect(principalKey(reader)).to.equal('service:reports');
    expect(principalKey({ kind: 'service', clientId: '1', scopes: [] })).to.not.equal(principalKey(customer));
  });
});

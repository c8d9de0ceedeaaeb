import { expect } from 'chai';
import { InvalidScopeError } from '../../../../src/domain/modules/auth/auth.errors';
import { isScope, parseScopes } from '../../../../src/domain/modules/auth/scopes';

describe('scopes', () => {
  it('isScope knows exactly the contract scopes', () => {
    expect(isScope('users:read')).to.equal(true);
    expect(isScope('ledger:admin')).to.equal(true);
    expect(isScope('users:delete')).to.equal(false);
    expect(isScope('USERS:READ')).to.equal(false);
  });

  it('parseScopes reads a space-separated list, drops duplicates and orders it', () => {
    expect(parseScopes('accounts:read  users:read accounts:read')).to.deep.equal(['users:read', 'accounts:read']);
  });

  it('parseScopes of an empty text is an empty list', () => {
    expect(parseScopes('')).to.deep.equal([]);
    expect(parseScopes('   ')).to.deep.equal([]);
  });

  it('parseScopes refuses any unknown name', () => {
    expect(() => parseScopes('users:read admin')).to.throw(InvalidScopeError, 'Unknown scope "admin"');
    expect(() => parseScopes('users:read,users:write')).to.throw(InvalidScopeError);
  });
});

import { expect } from 'chai';
import { InvalidScopeError, ServiceClientAlreadyDisabledError } from '../../../../src/domain/modules/auth/auth.errors';
import type { Scope } from '../../../../src/domain/modules/auth/principal';
import { ServiceClient } from '../../../../src/domain/modules/auth/service-client.entity';
import { ValidationError } from '../../../../src/domain/shared/domain-error';

const NOW = new Date('2026-03-04T05:06:07.000Z');

const aClient = (scopes: Scope[] = ['users:read', 'accounts:read']) =>
  ServiceClient.register({ clientId: 'svc_1', secretHash: 'ab'.repeat(32), name: '  reports  ', scopes, now: NOW });

describe('ServiceClient', () => {
  it('registers an active client with a trimmed name', () => {
    const client = aClient();
    expect(client.clientId).to.equal('svc_1');
    expect(client.secretHash).to.equal('ab'.repeat(32));
    expect(client.name).to.equal('reports');
    expect(client.scopes).to.deep.equal(['users:read', 'accounts:read']);
    expect(client.isActive).to.equal(true);
    expect(client.createdAt).to.equal(NOW);
  });

  it('refuses a blank or overlong name', () => {
    const register = (name: string) => () => ServiceClient.register({ clientId: 'c', secretHash: 'h', name, scopes: ['users:read'], now: NOW });
    expect(register('   ')).to.throw(ValidationError);
    expect(register('x'.repeat(101))).to.throw(ValidationError);
    expect(register('x'.repeat(100))).to.not.throw();
  });

  it('refuses a client without scopes', () => {
    expect(() => aClient([])).to.throw(InvalidScopeError, 'at least one scope');
  });

  it('restore keeps the stored state, inactive included', () => {
    const client = ServiceClient.restore({ clientId: 'c', secretHash: 'h', name: 'n', scopes: ['ledger:admin'], isActive: false, createdAt: NOW });
    expect(client.isActive).to.equal(false);
    expect(client.scopes).to.deep.equal(['ledger:admin']);
  });

  it('disable stops the client once; a disabled client cannot be disabled again nor get a new secret', () => {
    const client = aClient();
    client.disable();
    expect(client.isActive).to.equal(false);
    expect(() => client.disable()).to.throw(ServiceClientAlreadyDisabledError);
    expect(() => client.rotateSecret('cd'.repeat(32))).to.throw(ServiceClientAlreadyDisabledError);
  });

  it('rotateSecret replaces the stored digest', () => {
    const client = aClient();
    client.rotateSecret('cd'.repeat(32));
    expect(client.secretHash).to.equal('cd'.repeat(32));
  });

  describe('grant', () => {
    it('without a requested scope grants all of the client scopes', () => {
      expect(aClient().grant(null)).to.deep.equal(['users:read', 'accounts:read']);
    });

    it('narrows to the requested scopes', () => {
      expect(aClient().grant(['accounts:read'])).to.deep.equal(['accounts:read']);
    });

    it('never grants a scope wider than the client own', () => {
      expect(() => aClient().grant(['accounts:read', 'users:write'])).to.throw(InvalidScopeError, 'users:write');
    });

    it('refuses an empty request', () => {
      expect(() => aClient().grant([])).to.throw(InvalidScopeError);
    });

    it('returns a copy: changing it does not change the client', () => {
      const client = aClient();
      client.grant(null).push('ledger:admin');
      expect(client.scopes).to.deep.equal(['users:read', 'accounts:read']);
    });
  });
});

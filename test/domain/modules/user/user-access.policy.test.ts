import { expect } from 'chai';
import { ForbiddenError, UnauthenticatedError } from '../../../../src/domain/modules/auth/auth.errors';
import type { Principal } from '../../../../src/domain/modules/auth/principal';
import { UserAccessPolicy } from '../../../../src/domain/modules/user/user-access.policy';
import { UserNotFoundError } from '../../../../src/domain/modules/user/user.errors';
import { ValidationError } from '../../../../src/domain/shared/domain-error';
import { aUser } from '../../../builders/user.builder';

const self: Principal = { kind: 'user', userId: 1, role: 'customer' };
const admin: Principal = { kind: 'user', userId: 2, role: 'admin' };
const reader: Principal = { kind: 'service', clientId: 'reports', scopes: ['users:read'] };
const writer: Principal = { kind: 'service', clientId: 'crm', scopes: ['users:write'] };
const target = aUser().withId(1).build();
const someoneElse = aUser().withId(3).build();
const anotherAdmin = aUser().withId(4).admin().build();
const adminSelf = aUser().withId(2).admin().build();

describe('UserAccessPolicy', () => {
  describe('register', () => {
    it('anyone may register while self sign-up is on, without a role', () => {
      expect(() => UserAccessPolicy.register(null, undefined, true)).to.not.throw();
      expect(() => UserAccessPolicy.register(self, undefined, true)).to.not.throw();
    });

    it('only an admin may set a role (either role): anyone else gets a validation error', () => {
      expect(() => UserAccessPolicy.register(admin, 'admin', false)).to.not.throw();
      expect(() => UserAccessPolicy.register(admin, 'customer', true)).to.not.throw();
      expect(() => UserAccessPolicy.register(null, 'customer', true)).to.throw(ValidationError);
      expect(() => UserAccessPolicy.register(self, 'admin', true)).to.throw(ValidationError);
      expect(() => UserAccessPolicy.register(writer, 'admin', false)).to.throw(ValidationError);
    });

    it('without self sign-up: anonymous callers are unauthenticated, others need admin or users:write', () => {
      expect(() => UserAccessPolicy.register(null, undefined, false)).to.throw(UnauthenticatedError);
      expect(() => UserAccessPolicy.register(self, undefined, false)).to.throw(ForbiddenError);
      expect(() => UserAccessPolicy.register(reader, undefined, false)).to.throw(ForbiddenError);
      expect(() => UserAccessPolicy.register(writer, undefined, false)).to.not.throw();
      expect(() => UserAccessPolicy.register(admin, undefined, false)).to.not.throw();
    });
  });

  it('vouches: only an admin or a users:write service registering someone vouches for their identity', () => {
    expect(UserAccessPolicy.vouches(admin)).to.equal(true);
    expect(UserAccessPolicy.vouches(writer)).to.equal(true);
    expect(UserAccessPolicy.vouches(null)).to.equal(false);
    expect(UserAccessPolicy.vouches(self)).to.equal(false);
    expect(UserAccessPolicy.vouches(reader)).to.equal(false);
  });

  it('list: admins and users:read only', () => {
    expect(() => UserAccessPolicy.list(admin)).to.not.throw();
    expect(() => UserAccessPolicy.list(reader)).to.not.throw();
    expect(() => UserAccessPolicy.list(self)).to.throw(ForbiddenError);
    expect(() => UserAccessPolicy.list(writer)).to.throw(ForbiddenError);
  });

  it('attempt: a service lacking the scope is forbidden before any lookup; users always go on', () => {
    expect(() => UserAccessPolicy.attempt(writer, 'read')).to.throw(ForbiddenError);
    expect(() => UserAccessPolicy.attempt(reader, 'change')).to.throw(ForbiddenError);
    expect(() => UserAccessPolicy.attempt(reader, 'read')).to.not.throw();
    expect(() => UserAccessPolicy.attempt(writer, 'activate')).to.not.throw();
    expect(() => UserAccessPolicy.attempt(self, 'activate')).to.not.throw();
  });

  describe('reach', () => {
    it('the user reaches their own record to read, change and deactivate', () => {
      for (const action of ['read', 'change', 'deactivate'] as const) {
        expect(() => UserAccessPolicy.reach(self, action, target), action).to.not.throw();
      }
    });

    it('a user may not activate themself', () => {
      expect(() => UserAccessPolicy.reach(self, 'activate', target)).to.throw(ForbiddenError);
    });

    it("someone else's record is not found, whatever the action", () => {
      for (const action of ['read', 'change', 'deactivate', 'activate'] as const) {
        expect(() => UserAccessPolicy.reach(self, action, someoneElse), action).to.throw(UserNotFoundError);
      }
    });

    it('admins reach everyone; services reach what their scope allows', () => {
      expect(() => UserAccessPolicy.reach(admin, 'activate', someoneElse)).to.not.throw();
      expect(() => UserAccessPolicy.reach(admin, 'deactivate', anotherAdmin)).to.not.throw();
      expect(() => UserAccessPolicy.reach(reader, 'read', someoneElse)).to.not.throw();
      expect(() => UserAccessPolicy.reach(writer, 'deactivate', someoneElse)).to.not.throw();
      expect(() => UserAccessPolicy.reach(reader, 'change', someoneElse)).to.throw(UserNotFoundError);
    });

    it('no service changes, deactivates or activates an admin; reading one is allowed', () => {
      for (const action of ['change', 'deactivate', 'activate'] as const) {
        expect(() => UserAccessPolicy.reach(writer, action, anotherAdmin), action).to.throw(ForbiddenError);
      }
      expect(() => UserAccessPolicy.reach(reader, 'read', anotherAdmin)).to.not.throw();
    });

    it('nobody activates themself, an admin included', () => {
      expect(() => UserAccessPolicy.reach(admin, 'activate', adminSelf)).to.throw(ForbiddenError);
    });
  });

  it('reachesOthers: admins and services with the scope; customers only themselves', () => {
    expect(UserAccessPolicy.reachesOthers(admin, 'read')).to.equal(true);
    expect(UserAccessPolicy.reachesOthers(writer, 'change')).to.equal(true);
    expect(UserAccessPolicy.reachesOthers(self, 'read')).to.equal(false);
  });

  describe('change', () => {
    it("one's own e-mail or password needs the current password; a name does not", () => {
      expect(UserAccessPolicy.change(self, target, { password: 'x' })).to.deep.equal({ self: true, requiresCurrentPassword: true });
      expect(UserAccessPolicy.change(self, target, { email: 'x' })).to.deep.equal({ self: true, requiresCurrentPassword: true });
      expect(UserAccessPolicy.change(admin, adminSelf, { password: 'x' })).to.deep.equal({ self: true, requiresCurrentPassword: true });
      expect(UserAccessPolicy.change(self, target, { name: 'x' })).to.deep.equal({ self: true, requiresCurrentPassword: false });
    });

    it("an admin resets a customer's credentials, and renames another admin but never changes their credentials", () => {
      expect(UserAccessPolicy.change(admin, someoneElse, { password: 'x', email: 'y' })).to.deep.equal({ self: false, requiresCurrentPassword: false });
      expect(UserAccessPolicy.change(admin, anotherAdmin, { name: 'x' })).to.deep.equal({ self: false, requiresCurrentPassword: false });
      expect(() => UserAccessPolicy.change(admin, anotherAdmin, { password: 'x' })).to.throw(ForbiddenError);
      expect(() => UserAccessPolicy.change(admin, anotherAdmin, { email: 'x' })).to.throw(ForbiddenError);
    });

    it("no service changes a password; a writer changes a customer's name and e-mail", () => {
      expect(() => UserAccessPolicy.change(writer, someoneElse, { password: 'x' })).to.throw(ForbiddenError);
      expect(UserAccessPolicy.change(writer, someoneElse, { name: 'x', email: 'y' })).to.deep.equal({ self: false, requiresCurrentPassword: false });
    });
  });
});

import { expect } from 'chai';
import { ForbiddenError, UnauthenticatedError } from '../../../../src/domain/modules/auth/auth.errors';
import { CONSOLE_OPERATOR, type Principal } from '../../../../src/domain/modules/auth/principal';
import { type ChangeTerms, type UserChange, userAccessPolicy } from '../../../../src/domain/modules/user/user-access.policy';
import type { User } from '../../../../src/domain/modules/user/user.entity';
import { UserNotFoundError } from '../../../../src/domain/modules/user/user.errors';
import { ValidationError } from '../../../../src/domain/shared/domain-error';
import { aUser } from '../../../builders/user.builder';

const customer: Principal = { kind: 'user', userId: 1, role: 'customer' };
const admin: Principal = { kind: 'user', userId: 2, role: 'admin' };
const reader: Principal = { kind: 'service', clientId: 'reports', scopes: ['users:read'] };
const writer: Principal = { kind: 'service', clientId: 'crm', scopes: ['users:write'] };
const customerSelf = aUser().withId(1).build();
const someoneElse = aUser().withId(3).build();
const anotherAdmin = aUser().withId(4).admin().build();
const adminSelf = aUser().withId(2).admin().build();

type Expected = 'allowed' | typeof ForbiddenError | typeof UserNotFoundError | typeof ValidationError | typeof UnauthenticatedError;

function expectOutcome(run: () => unknown, expected: Expected, label: string): void {
  if (expected === 'allowed') expect(run, label).to.not.throw();
  else expect(run, label).to.throw(expected);
}

describe('UserAccessPolicy', () => {
  describe('assertCanRegister', () => {
    const cases: [string, Principal | null, 'admin' | 'customer' | undefined, boolean, Expected][] = [
      ['anonymous, self sign-up on', null, undefined, true, 'allowed'],
      ['customer, self sign-up on', customer, undefined, true, 'allowed'],
      ['admin choosing a role, sign-up off', admin, 'admin', false, 'allowed'],
      ['admin choosing a role, sign-up on', admin, 'customer', true, 'allowed'],
      ['the console operator choosing admin', CONSOLE_OPERATOR, 'admin', false, 'allowed'],
      ['anonymous choosing a role', null, 'customer', true, ValidationError],
      ['customer choosing a role', customer, 'admin', true, ValidationError],
      ['users:write choosing a role', writer, 'admin', false, ValidationError],
      ['anonymous, sign-up off', null, undefined, false, UnauthenticatedError],
      ['customer, sign-up off', customer, undefined, false, ForbiddenError],
      ['users:read, sign-up off', reader, undefined, false, ForbiddenError],
      ['users:write, sign-up off', writer, undefined, false, 'allowed'],
      ['admin, sign-up off', admin, undefined, false, 'allowed'],
    ];
    for (const [label, actor, role, selfSignup, expected] of cases) {
      it(`${label}: ${expected === 'allowed' ? 'allowed' : expected.name}`, () => {
        expectOutcome(() => userAccessPolicy.assertCanRegister(actor, role, selfSignup), expected, label);
      });
    }
  });

  it('vouchesForIdentity: admins and users:write only', () => {
    expect([admin, writer, CONSOLE_OPERATOR, null, customer, reader].map((actor) => userAccessPolicy.vouchesForIdentity(actor))).to.deep.equal([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('assertCanList: admins and users:read only', () => {
    expectOutcome(() => userAccessPolicy.assertCanList(admin), 'allowed', 'admin');
    expectOutcome(() => userAccessPolicy.assertCanList(reader), 'allowed', 'reader');
    expectOutcome(() => userAccessPolicy.assertCanList(customer), ForbiddenError, 'customer');
    expectOutcome(() => userAccessPolicy.assertCanList(writer), ForbiddenError, 'writer');
  });

  it('assertMayAttempt: a service lacking the action scope is refused before any lookup', () => {
    expectOutcome(() => userAccessPolicy.assertMayAttempt(writer, 'read'), ForbiddenError, 'writer read');
    expectOutcome(() => userAccessPolicy.assertMayAttempt(reader, 'change'), ForbiddenError, 'reader change');
    expectOutcome(() => userAccessPolicy.assertMayAttempt(reader, 'read'), 'allowed', 'reader read');
    expectOutcome(() => userAccessPolicy.assertMayAttempt(writer, 'activate'), 'allowed', 'writer activate');
    expectOutcome(() => userAccessPolicy.assertMayAttempt(customer, 'activate'), 'allowed', 'customer activate');
  });

  it('reachesOthers: admins and the action scope', () => {
    expect(userAccessPolicy.reachesOthers(admin, 'read')).to.equal(true);
    expect(userAccessPolicy.reachesOthers(writer, 'change')).to.equal(true);
    expect(userAccessPolicy.reachesOthers(reader, 'change')).to.equal(false);
    expect(userAccessPolicy.reachesOthers(customer, 'read')).to.equal(false);
  });

  describe('one existing record (actor × target × action)', () => {
    type Check = (actor: Principal, target: User) => unknown;
    const read: Check = (actor, target) => userAccessPolicy.assertCanRead(actor, target);
    const rename: Check = (actor, target) => userAccessPolicy.assertCanUpdate(actor, target, { name: 'x' });
    const deactivate: Check = (actor, target) => userAccessPolicy.assertCanDeactivate(actor, target);
    const activate: Check = (actor, target) => userAccessPolicy.assertCanActivate(actor, target);
    const actions = { read, rename, deactivate, activate };
    const F = ForbiddenError;
    const N = UserNotFoundError;
    // Columns: read, rename, deactivate, activate.
    const cases: [string, Principal, User, Expected[]][] = [
      ['customer on self', customer, customerSelf, ['allowed', 'allowed', 'allowed', F]],
      ['customer on someone else', customer, someoneElse, [N, N, N, N]],
      ['customer on an admin', customer, anotherAdmin, [N, N, N, N]],
      ['admin on a customer', admin, someoneElse, ['allowed', 'allowed', 'allowed', 'allowed']],
      ['admin on another admin', admin, anotherAdmin, ['allowed', 'allowed', 'allowed', 'allowed']],
      ['admin on self', admin, adminSelf, ['allowed', 'allowed', 'allowed', F]],
      ['users:read on a customer', reader, someoneElse, ['allowed', N, N, N]],
      ['users:read on an admin', reader, anotherAdmin, ['allowed', N, N, N]],
      ['users:write on a customer', writer, someoneElse, [N, 'allowed', 'allowed', 'allowed']],
      ['users:write on an admin', writer, anotherAdmin, [N, F, F, F]],
    ];
    for (const [label, actor, target, expected] of cases) {
      it(label, () => {
        Object.entries(actions).forEach(([name, check], column) => {
          expectOutcome(() => check(actor, target), expected[column] as Expected, `${label}: ${name}`);
        });
      });
    }
  });

  describe('assertCanUpdate: which fields, on what terms', () => {
    const cases: [string, Principal, User, UserChange, ChangeTerms | typeof ForbiddenError][] = [
      ['own password needs the current one', customer, customerSelf, { password: 'x' }, { self: true, requiresCurrentPassword: true }],
      ['own e-mail needs the current password', customer, customerSelf, { email: 'x' }, { self: true, requiresCurrentPassword: true }],
      ["an admin's own password likewise", admin, adminSelf, { password: 'x' }, { self: true, requiresCurrentPassword: true }],
      ['own name needs no proof', customer, customerSelf, { name: 'x' }, { self: true, requiresCurrentPassword: false }],
      ["admin resets a customer's credentials", admin, someoneElse, { password: 'x', email: 'y' }, { self: false, requiresCurrentPassword: false }],
      ["admin renames another admin", admin, anotherAdmin, { name: 'x' }, { self: false, requiresCurrentPassword: false }],
      ["admin on another admin's password", admin, anotherAdmin, { password: 'x' }, ForbiddenError],
      ["admin on another admin's e-mail", admin, anotherAdmin, { email: 'x' }, ForbiddenError],
      ['users:write on a password', writer, someoneElse, { password: 'x' }, ForbiddenError],
      ["users:write on a customer's name and e-mail", writer, someoneElse, { name: 'x', email: 'y' }, { self: false, requiresCurrentPassword: false }],
    ];
    for (const [label, actor, target, change, expected] of cases) {
      it(label, () => {
        if (expected === ForbiddenError) expect(() => userAccessPolicy.assertCanUpdate(actor, target, change)).to.throw(ForbiddenError);
        else expect(userAccessPolicy.assertCanUpdate(actor, target, change)).to.deep.equal(expected);
      });
    }
  });
});

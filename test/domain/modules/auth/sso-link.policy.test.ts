import { expect } from 'chai';
import { ForbiddenError } from '../../../../src/domain/modules/auth/auth.errors';
import { SsoLinkPolicy } from '../../../../src/domain/modules/auth/sso-link.policy';
import type { SsoIdentity } from '../../../../src/domain/modules/auth/sso.port';
import { aUser } from '../../../builders/user.builder';

const identity = (cpf: string | null): SsoIdentity => ({ issuer: 'https://sso.example', subject: 's-1', email: null, emailVerified: false, cpf });

describe('SsoLinkPolicy', () => {
  describe('automaticLinkRefusal', () => {
    it('links an active user an admin or a service vouched for, not yet linked to the provider', () => {
      expect(SsoLinkPolicy.automaticLinkRefusal(aUser().verified().build(), false)).to.equal(null);
    });

    it('refuses when the claims match nobody', () => {
      expect(SsoLinkPolicy.automaticLinkRefusal(null, false)).to.equal('no_match');
    });

    it('refuses an inactive user, vouched or not', () => {
      expect(SsoLinkPolicy.automaticLinkRefusal(aUser().verified().inactive().build(), false)).to.equal('inactive');
    });

    it('refuses a self-registered user: their CPF and e-mail are only what they typed in', () => {
      expect(SsoLinkPolicy.automaticLinkRefusal(aUser().build(), false)).to.equal('not_vouched');
    });

    it('refuses a second identity of the same provider for a vouched user', () => {
      expect(SsoLinkPolicy.automaticLinkRefusal(aUser().verified().build(), true)).to.equal('issuer_already_linked');
    });
  });

  describe('linkingUser', () => {
    it('answers the id of a calling user, customer or admin', () => {
      expect(SsoLinkPolicy.linkingUser({ kind: 'user', userId: 4, role: 'customer' })).to.equal(4);
      expect(SsoLinkPolicy.linkingUser({ kind: 'user', userId: 5, role: 'admin' })).to.equal(5);
    });

    it('forbids a service: only a person links their own identity', () => {
      expect(() => SsoLinkPolicy.linkingUser({ kind: 'service', clientId: 'crm', scopes: ['users:write'] })).to.throw(ForbiddenError);
    });
  });

  describe('contradicts', () => {
    const user = aUser().withCpf('52998224725').build();

    it('not without a cpf claim', () => {
      expect(SsoLinkPolicy.contradicts(identity(null), user)).to.equal(false);
    });

    it("not when the cpf claim is the user's, formatted or not", () => {
      expect(SsoLinkPolicy.contradicts(identity('529.982.247-25'), user)).to.equal(false);
      expect(SsoLinkPolicy.contradicts(identity('52998224725'), user)).to.equal(false);
    });

    it('when the cpf claim is another CPF, or no CPF at all', () => {
      expect(SsoLinkPolicy.contradicts(identity('111.444.777-35'), user)).to.equal(true);
      expect(SsoLinkPolicy.contradicts(identity('not a cpf'), user)).to.equal(true);
    });
  });
});

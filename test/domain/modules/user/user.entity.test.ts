import { expect } from 'chai';
import { Cpf } from '../../../../src/domain/modules/user/cpf.value-object';
import { Email } from '../../../../src/domain/modules/user/email.value-object';
import { PersonName } from '../../../../src/domain/modules/user/person-name.value-object';
import { User, type UserState } from '../../../../src/domain/modules/user/user.entity';
import { UserAlreadyActiveError, UserAlreadyInactiveError } from '../../../../src/domain/modules/user/user.errors';
import { aUser } from '../../../builders/user.builder';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const T1 = new Date('2026-02-01T00:00:00.000Z');

describe('User', () => {
  describe('register', () => {
    it('creates an active customer without id or password', () => {
      const user = User.register({
        cpf: Cpf.parse('529.982.247-25'),
        name: PersonName.parse('Ana Silva'),
        email: Email.parse('ana@example.com'),
        now: T0,
      });
      expect(user.id).to.equal(null);
      expect(user.cpf.value).to.equal('52998224725');
      expect(user.name.value).to.equal('Ana Silva');
      expect(user.email.value).to.equal('ana@example.com');
      expect(user.passwordHash).to.equal(null);
      expect(user.role).to.equal('customer');
      expect(user.isActive).to.equal(true);
      expect(user.identityVerified).to.equal(false);
      expect(user.createdAt).to.equal(T0);
      expect(user.updatedAt).to.equal(T0);
    });

    it('records that the registrar vouched for the identity', () => {
      const user = User.register({
        cpf: Cpf.parse('111.444.777-35'),
        name: PersonName.parse('Bia Souza'),
        email: Email.parse('bia@example.com'),
        identityVerified: true,
        now: T0,
      });
      expect(user.identityVerified).to.equal(true);
    });

    it('keeps a given password hash and role', () => {
      const user = User.register({
        cpf: Cpf.parse('111.444.777-35'),
        name: PersonName.parse('Bia Souza'),
        email: Email.parse('bia@example.com'),
        passwordHash: '$argon2id$hash',
        role: 'admin',
        now: T0,
      });
      expect(user.passwordHash).to.equal('$argon2id$hash');
      expect(user.role).to.equal('admin');
    });

    it('treats an explicit null password hash as none', () => {
      const user = User.register({
        cpf: Cpf.parse('111.444.777-35'),
        name: PersonName.parse('Bia Souza'),
        email: Email.parse('bia@example.com'),
        passwordHash: null,
        now: T0,
      });
      expect(user.passwordHash).to.equal(null);
    });
  });

  describe('restore', () => {
    it('rebuilds every field and does not share the given state object', () => {
      const state: UserState = {
        id: 7,
        cpf: Cpf.parse('52998224725'),
        name: PersonName.parse('Ana Silva'),
        email: Email.parse('ana@example.com'),
        passwordHash: 'h',
        role: 'admin',
        isActive: false,
        identityVerified: true,
        createdAt: T0,
        updatedAt: T1,
      };
      const user = User.restore(state);
      state.isActive = true;
      state.id = 8;
      expect(user.id).to.equal(7);
      expect(user.isActive).to.equal(false);
      expect(user.role).to.equal('admin');
      expect(user.passwordHash).to.equal('h');
      expect(user.identityVerified).to.equal(true);
      expect(user.createdAt).to.equal(T0);
      expect(user.updatedAt).to.equal(T1);
    });
  });

  describe('changes', () => {
    it('rename sets the name and the update time', () => {
      const user = aUser().build();
      user.rename(PersonName.parse('New Name'), T1);
      expect(user.name.value).to.equal('New Name');
      expect(user.updatedAt).to.equal(T1);
    });

    it('changeEmail sets the email and the update time', () => {
      const user = aUser().build();
      user.changeEmail(Email.parse('new@example.com'), T1);
      expect(user.email.value).to.equal('new@example.com');
      expect(user.updatedAt).to.equal(T1);
    });

    it('changeEmail to another address ends the vouching: the new address is only what was typed in', () => {
      const user = aUser().verified().build();
      user.changeEmail(Email.parse('elsewhere@example.com'), T1);
      expect(user.identityVerified).to.equal(false);
    });

    it('changeEmail to the same address keeps the vouching', () => {
      const user = aUser().withEmail('same@example.com').verified().build();
      user.changeEmail(Email.parse('SAME@example.com'), T1);
      expect(user.identityVerified).to.equal(true);
    });

    it('changePasswordHash sets the hash and the update time', () => {
      const user = aUser().build();
      user.changePasswordHash('$argon2id$new', T1);
      expect(user.passwordHash).to.equal('$argon2id$new');
      expect(user.updatedAt).to.equal(T1);
    });

    it('keeps the creation time on every change', () => {
      const user = aUser().createdAt(T0).build();
      user.rename(PersonName.parse('New Name'), T1);
      expect(user.createdAt).to.equal(T0);
    });
  });

  describe('deactivate / activate', () => {
    it('deactivates an active user', () => {
      const user = aUser().build();
      user.deactivate(T1);
      expect(user.isActive).to.equal(false);
      expect(user.updatedAt).to.equal(T1);
    });

    it('refuses to deactivate an inactive user and changes nothing', () => {
      const user = aUser().inactive().createdAt(T0).build();
      expect(() => user.deactivate(T1)).to.throw(UserAlreadyInactiveError);
      expect(user.isActive).to.equal(false);
      expect(user.updatedAt).to.equal(T0);
    });

    it('activates an inactive user', () => {
      const user = aUser().inactive().build();
      user.activate(T1);
      expect(user.isActive).to.equal(true);
      expect(user.updatedAt).to.equal(T1);
    });

    it('refuses to activate an active user and changes nothing', () => {
      const user = aUser().createdAt(T0).build();
      expect(() => user.activate(T1)).to.throw(UserAlreadyActiveError);
      expect(user.isActive).to.equal(true);
      expect(user.updatedAt).to.equal(T0);
    });
  });
});

import { expect } from 'chai';
import type { FincoreApp } from '../../../../src/config/composition-root';
import type { IAccessTokenVerifier } from '../../../../src/domain/modules/auth/access-token.port';
import { InvalidCredentialsError, InvalidRefreshTokenError } from '../../../../src/domain/modules/auth/auth.errors';
import type { IAuthService, TokenPair } from '../../../../src/domain/modules/auth/auth.service';
import { AUTH_TYPES } from '../../../../src/domain/modules/auth/auth.types';
import type { Principal } from '../../../../src/domain/modules/auth/principal';
import type { IUserService } from '../../../../src/domain/modules/user/user.service';
import { USER_TYPES } from '../../../../src/domain/modules/user/user.types';
import type { IClock } from '../../../../src/domain/shared/clock.port';
import { digestToken } from '../../../../src/infra/security/opaque-token';
import { createTestApp } from '../../../helpers/app';
import { aCpf } from '../../../helpers/cpf';
import { rejectionOf } from '../../../doubles/rejection';

class MovableClock implements IClock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advanceDays(days: number): void {
    this.offsetMs += days * 24 * 60 * 60 * 1000;
  }
  advanceSeconds(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}

const PASSWORD = 'a long enough password';

/** An admin who changes the user: a reset, not the user's own change. */
const BY_ADMIN: Principal = { kind: 'user', userId: 0, role: 'admin' };

describe('AuthService (real database)', () => {
  let app: FincoreApp;
  let clock: MovableClock;
  // Each resolution is its own request scope, as each HTTP request is.
  const auth = () => app.container.get<IAuthService>(AUTH_TYPES.IAuthService);
  const users = () => app.container.get<IUserService>(USER_TYPES.IUserService);

  async function aUserWithPassword(password: string | null = PASSWORD) {
    const cpf = aCpf();
    const user = await users().register(null, { cpf, name: 'Maria Souza', email: `m${cpf}@example.com`, password: password ?? undefined });
    return { cpf, id: user.id as number };
  }

  const familyOf = async (refreshToken: string) =>
    app.db('refresh_tokens as t')
      .join('refresh_token_families as f', 'f.id', 't.family_id')
      .where('t.token_hash', digestToken(refreshToken))
      .first('f.id', 'f.revoked_at', 'f.revoked_reason', 't.used_at');

  before(async () => {
    clock = new MovableClock();
    app = await createTestApp({ REFRESH_TOKEN_EXPIRE_DAYS: '30' }, { clock });
  });
  after(async () => {
    await app.close();
  });

  describe('login', () => {
    it('answers an access token for the user and an opaque refresh token stored only as a digest', async () => {
      const { cpf, id } = await aUserWithPassword();
      const pair = await auth().login(cpf, PASSWORD);
      const principal = app.container.get<IAccessTokenVerifier>(AUTH_TYPES.IAccessTokenVerifier).verify(pair.accessToken).principal;
      expect(principal).to.deep.equal({ kind: 'user', userId: id, role: 'customer' });
      expect(pair.expiresInSeconds).to.equal(15 * 60);
      expect(pair.refreshToken).to.match(/^[A-Za-z0-9_-]{43}$/);
      const rows = await app.db('refresh_tokens').select('token_hash');
      expect(rows.map((r) => r.token_hash)).to.include(digestToken(pair.refreshToken));
      expect(JSON.stringify(rows)).to.not.include(pair.refreshToken);
    });

    it('accepts the formatted CPF too', async () => {
      const { cpf } = await aUserWithPassword();
      const formatted = `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`;
      expect((await auth().login(formatted, PASSWORD)).accessToken).to.be.a('string');
    });

    it('refuses with one error a wrong password, an unknown or invalid CPF, a user without password and an inactive user', async () => {
      const { cpf } = await aUserWithPassword();
      const noPassword = await aUserWithPassword(null);
      const inactive = await aUserWithPassword();
      await users().deactivate(BY_ADMIN, inactive.cpf);
      const before = await app.db('refresh_token_families').count<{ count: string }[]>('* as count');
      for (const [who, password] of [
        [cpf, 'a wrong password here'],
        [aCpf(), PASSWORD],
        ['12345678900', PASSWORD],
        [noPassword.cpf, PASSWORD],
        [inactive.cpf, PASSWORD],
      ]) {
        expect(await rejectionOf(auth().login(who, password)), who).to.be.instanceOf(InvalidCredentialsError);
      }
      const afterwards = await app.db('refresh_token_families').count<{ count: string }[]>('* as count');
      expect(Number(afterwards[0].count)).to.equal(Number(before[0].count));
    });
  });

  describe('refresh', () => {
    it('rotates: the presented token is spent, its successor works, in the same family', async () => {
      const { cpf, id } = await aUserWithPassword();
      const first = await auth().login(cpf, PASSWORD);
      const second = await auth().refresh(first.refreshToken);
      expect(second.refreshToken).to.not.equal(first.refreshToken);
      expect(app.container.get<IAccessTokenVerifier>(AUTH_TYPES.IAccessTokenVerifier).verify(second.accessToken).principal).to.deep.include({ userId: id });
      const third = await auth().refresh(second.refreshToken);
      const [a, b, c] = await Promise.all([first, second, third].map((p) => familyOf(p.refreshToken)));
      expect(a.id).to.equal(b.id).and.to.equal(c.id);
      expect(a.used_at).to.not.equal(null);
      expect(b.used_at).to.not.equal(null);
      expect(c.used_at).to.equal(null);
    });

    it('a reused token revokes its whole family: the thief and the rightful holder both have to log in again', async () => {
      const { cpf } = await aUserWithPassword();
      const stolen = await auth().login(cpf, PASSWORD);
      const rightful = await auth().refresh(stolen.refreshToken);
      clock.advanceSeconds(11); // past the grace window that covers two tabs refreshing at once
      expect(await rejectionOf(auth().refresh(stolen.refreshToken))).to.be.instanceOf(InvalidRefreshTokenError);
      expect(await rejectionOf(auth().refresh(rightful.refreshToken))).to.be.instanceOf(InvalidRefreshTokenError);
      const family = await familyOf(rightful.refreshToken);
      expect(family.revoked_at).to.not.equal(null);
      expect(family.revoked_reason).to.equal('reuse');
    });

    it('reuse revokes only that family, not the other sessions of the user', async () => {
      const { cpf } = await aUserWithPassword();
      const phone = await auth().login(cpf, PASSWORD);
      const laptop = await auth().login(cpf, PASSWORD);
      await auth().refresh(phone.refreshToken);
      clock.advanceSeconds(11);
      await rejectionOf(auth().refresh(phone.refreshToken));
      expect((await auth().refresh(laptop.refreshToken)).refreshToken).to.be.a('string');
    });

    it('refuses an unknown token', async () => {
      expect(await rejectionOf(auth().refresh('x'.repeat(43)))).to.be.instanceOf(InvalidRefreshTokenError);
    });

    it('refuses an expired token without revoking anything', async () => {
      const { cpf } = await aUserWithPassword();
      const pair = await auth().login(cpf, PASSWORD);
      clock.advanceDays(31);
      try {
        expect(await rejectionOf(auth().refresh(pair.refreshToken))).to.be.instanceOf(InvalidRefreshTokenError);
      } finally {
        clock.advanceDays(-31);
      }
      const family = await familyOf(pair.refreshToken);
      expect(family.revoked_at).to.equal(null);
      expect(family.used_at).to.equal(null);
    });

    it('refuses the token of a user made inactive behind its back, and revokes the family', async () => {
      const { cpf, id } = await aUserWithPassword();
      const pair = await auth().login(cpf, PASSWORD);
      // Not through the service, so no user event handler runs: refresh must check by itself.
      await app.db('users').where({ id }).update({ is_active: false });
      expect(await rejectionOf(auth().refresh(pair.refreshToken))).to.be.instanceOf(InvalidRefreshTokenError);
      expect((await familyOf(pair.refreshToken)).revoked_reason).to.equal('user_inactive');
    });

    it('parallel refreshes of one token: one rotation, every caller gets the same successor, nothing revoked', async () => {
      const { cpf } = await aUserWithPassword();
      const pair = await auth().login(cpf, PASSWORD);
      const outcomes: TokenPair[] = await Promise.all(Array.from({ length: 5 }, () => auth().refresh(pair.refreshToken)));
      expect(new Set(outcomes.map((o) => o.refreshToken)).size).to.equal(1);
      const family = await familyOf(pair.refreshToken);
      expect(family.revoked_at).to.equal(null);
      expect(await app.db('refresh_tokens').where({ family_id: family.id }).select('id')).to.have.length(2);
    });

    it('a repeat after the grace window is a reuse and revokes the family', async () => {
      const { cpf } = await aUserWithPassword();
      const pair = await auth().login(cpf, PASSWORD);
      await auth().refresh(pair.refreshToken);
      clock.advanceSeconds(11);
      expect(await rejectionOf(auth().refresh(pair.refreshToken))).to.be.instanceOf(InvalidRefreshTokenError);
      expect((await familyOf(pair.refreshToken)).revoked_reason).to.equal('reuse');
    });
  });

  describe('logout', () => {
    it('revokes the family; logging out again, or with an unknown token, is quietly accepted', async () => {
      const { cpf } = await aUserWithPassword();
      const pair = await auth().login(cpf, PASSWORD);
      await auth().logout(pair.refreshToken);
      await auth().logout(pair.refreshToken);
      await auth().logout('never-issued');
      expect((await familyOf(pair.refreshToken)).revoked_reason).to.equal('logout');
      expect(await rejectionOf(auth().refresh(pair.refreshToken))).to.be.instanceOf(InvalidRefreshTokenError);
    });
  });

  describe('user lifecycle', () => {
    it('deactivation revokes every session of the user, in the same transaction', async () => {
      const { cpf } = await aUserWithPassword();
      const [a, b] = [await auth().login(cpf, PASSWORD), await auth().login(cpf, PASSWORD)];
      await users().deactivate(BY_ADMIN, cpf);
      for (const pair of [a, b]) {
        expect((await familyOf(pair.refreshToken)).revoked_reason).to.equal('user_deactivated');
        expect(await rejectionOf(auth().refresh(pair.refreshToken))).to.be.instanceOf(InvalidRefreshTokenError);
      }
    });

    it('a password change revokes every session; other changes do not', async () => {
      const { cpf } = await aUserWithPassword();
      const pair = await auth().login(cpf, PASSWORD);
      await users().update(BY_ADMIN, cpf, { name: 'Maria S. Souza' });
      expect((await familyOf(pair.refreshToken)).revoked_at).to.equal(null);
      await users().update(BY_ADMIN, cpf, { password: 'another long password' });
      expect((await familyOf(pair.refreshToken)).revoked_reason).to.equal('password_changed');
      expect(await rejectionOf(auth().login(cpf, PASSWORD))).to.be.instanceOf(InvalidCredentialsError);
      expect((await auth().login(cpf, 'another long password')).refreshToken).to.be.a('string');
    });

    it('a change that fails after the revocation (email taken) rolls the revocation back with it', async () => {
      const { cpf } = await aUserWithPassword();
      const other = await aUserWithPassword();
      const pair = await auth().login(cpf, PASSWORD);
      // The handlers revoke, then saving the user hits the unique email: one transaction, all undone.
      await rejectionOf(users().update(BY_ADMIN, cpf, { email: `m${other.cpf}@example.com`, password: 'another long password' }));
      expect((await familyOf(pair.refreshToken)).revoked_at).to.equal(null);
      expect((await auth().refresh(pair.refreshToken)).refreshToken).to.be.a('string');
    });
  });
});

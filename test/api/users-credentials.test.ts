import { expect } from 'chai';
import request from 'supertest';
import type { FincoreApp } from '../../src/config/composition-root';
import type { ICache } from '../../src/domain/shared/cache.port';
import { SHARED_TYPES } from '../../src/domain/shared/shared.types';
import { Cpf } from '../../src/domain/modules/user/cpf.value-object';
import { userCacheKey } from '../../src/infra/services/user/user-cache.codec';
import { createTestApp } from '../helpers/app';
import { aCpf } from '../helpers/cpf';
import { logCapture } from '../helpers/log-capture';
import { asService } from '../helpers/tokens';
import { storeAdmin, registerAndLogIn } from '../helpers/users';

const PASSWORD = 'correct horse battery staple';

/**
 * Who may change credentials: no service scope changes a password or acts on an admin; an admin
 * resets customers' passwords but not another admin's credentials; users prove their current
 * password to change their own e-mail or password. Every such change is an audit event.
 */
describe('users: credentials and admins are protected', () => {
  let app: FincoreApp;
  let root: string;
  const { logger, lines } = logCapture();
  const audits = (type: string) => lines.filter((line) => (line.audit as { type?: string } | undefined)?.type === type).map((line) => line.audit as Record<string, unknown>);

  before(async function () {
    this.timeout(60_000);
    app = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' }, { logger });
    root = (await storeAdmin(app)).authorization;
  });
  after(async () => {
    await app.close();
  });

  const person = (role: 'customer' | 'admin' = 'customer') => registerAndLogIn(app, root, PASSWORD, role);
  const row = (cpf: string) => app.db('users').where({ cpf }).first('name', 'email', 'password_hash', 'is_active');
  const logsIn = async (cpf: string, password: string) => (await request(app.http).post('/v1/auth/login').send({ cpf, password })).status === 200;

  describe('a service with users:write', () => {
    const writer = () => asService(app, 'users:write');

    it("cannot change an admin's password (the takeover), e-mail or name: 403, nothing changes", async () => {
      const admin = await person('admin');
      const before = await row(admin.cpf);
      for (const body of [{ password: 'taken over by a service' }, { email: 'evil@example.com' }, { name: 'Renamed Admin' }]) {
        const res = await request(app.http).patch(`/v1/users/${admin.cpf}`).set('Authorization', writer()).send(body);
        expect(res.status, JSON.stringify(body)).to.equal(403);
        expect(res.body.code).to.equal('FORBIDDEN');
      }
      expect(await row(admin.cpf)).to.deep.equal(before);
      expect(await logsIn(admin.cpf, 'taken over by a service')).to.equal(false);
    });

    it('cannot deactivate or activate an admin: 403', async () => {
      const admin = await person('admin');
      expect((await request(app.http).post(`/v1/users/${admin.cpf}/deactivate`).set('Authorization', writer())).status).to.equal(403);
      expect((await row(admin.cpf)).is_active).to.equal(true);
      await request(app.http).post(`/v1/users/${admin.cpf}/deactivate`).set('Authorization', root);
      expect((await request(app.http).post(`/v1/users/${admin.cpf}/activate`).set('Authorization', writer())).status).to.equal(403);
      expect((await row(admin.cpf)).is_active).to.equal(false);
    });

    it("cannot change a customer's password (403), but changes their name and e-mail, and (de)activates them", async () => {
      const customer = await person();
      const password = await request(app.http).patch(`/v1/users/${customer.cpf}`).set('Authorization', writer()).send({ password: 'set by a service' });
      expect(password.status).to.equal(403);
      expect(await logsIn(customer.cpf, PASSWORD)).to.equal(true);
      const changed = await request(app.http).patch(`/v1/users/${customer.cpf}`).set('Authorization', writer()).send({ name: 'Named By Crm', email: `crm.${customer.cpf}@example.com` });
      expect(changed.status).to.equal(200);
      expect(changed.body).to.include({ name: 'Named By Crm', email: `crm.${customer.cpf}@example.com` });
      expect((await request(app.http).post(`/v1/users/${customer.cpf}/deactivate`).set('Authorization', writer())).status).to.equal(200);
      expect((await request(app.http).post(`/v1/users/${customer.cpf}/activate`).set('Authorization', writer())).status).to.equal(200);
    });
  });

  describe('an admin', () => {
    it("resets a customer's password: 200, the new one logs in, audited as a reset with actor and request id", async () => {
      const customer = await person();
      const res = await request(app.http).patch(`/v1/users/${customer.cpf}`).set('Authorization', root).set('X-Request-Id', 'reset-1').send({ password: 'reset by the bank 2026' });
      expect(res.status).to.equal(200);
      expect(await logsIn(customer.cpf, 'reset by the bank 2026')).to.equal(true);
      const [event] = audits('user.password.reset').filter((audit) => audit.requestId === 'reset-1');
      expect(event).to.include({ target: `user:${customer.id}` });
      expect(String(event.actor)).to.match(/^user:\d+$/);
      expect(JSON.stringify(lines)).to.not.include('reset by the bank 2026');
    });

    it("cannot change another admin's password or e-mail (403), only their name", async () => {
      const other = await person('admin');
      const before = await row(other.cpf);
      for (const body of [{ password: 'taken over by an admin' }, { email: `x.${other.cpf}@example.com` }]) {
        expect((await request(app.http).patch(`/v1/users/${other.cpf}`).set('Authorization', root).send(body)).status, JSON.stringify(body)).to.equal(403);
      }
      expect(await row(other.cpf)).to.deep.equal(before);
      expect((await request(app.http).patch(`/v1/users/${other.cpf}`).set('Authorization', root).send({ name: 'Renamed Colleague' })).status).to.equal(200);
    });
  });

  describe('a user changing their own credentials', () => {
    it('needs currentPassword for a new password or e-mail: missing is a 400 and nothing changes', async () => {
      const me = await person();
      const before = await row(me.cpf);
      for (const body of [{ password: 'locked the owner out' }, { email: `thief.${me.cpf}@example.com` }]) {
        const res = await request(app.http).patch(`/v1/users/${me.cpf}`).set('Authorization', me.bearer).send(body);
        expect(res.status, JSON.stringify(body)).to.equal(400);
        expect(res.body.errors.map((error: { path: string }) => error.path)).to.deep.equal(['currentPassword']);
      }
      expect(await row(me.cpf)).to.deep.equal(before);
    });

    it('a wrong currentPassword is a 403 CURRENT_PASSWORD_INVALID and nothing changes', async () => {
      const me = await person();
      const before = await row(me.cpf);
      const res = await request(app.http).patch(`/v1/users/${me.cpf}`).set('Authorization', me.bearer).send({ password: 'locked the owner out', currentPassword: 'not my password at all' });
      expect(res.status).to.equal(403);
      expect(res.body.code).to.equal('CURRENT_PASSWORD_INVALID');
      expect(await row(me.cpf)).to.deep.equal(before);
    });

    it('the right currentPassword changes the e-mail (audited) and the password (audited as a change)', async () => {
      const me = await person();
      const email = await request(app.http).patch(`/v1/users/${me.cpf}`).set('Authorization', me.bearer).send({ email: `new.${me.cpf}@example.com`, currentPassword: PASSWORD });
      expect(email.status).to.equal(200);
      expect(audits('user.email.changed').map((audit) => audit.target)).to.include(`user:${me.id}`);
      const password = await request(app.http).patch(`/v1/users/${me.cpf}`).set('Authorization', me.bearer).send({ password: 'my own new passphrase', currentPassword: PASSWORD });
      expect(password.status).to.equal(200);
      expect(audits('user.password.changed').map((audit) => audit.actor)).to.include(`user:${me.id}`);
      expect(await logsIn(me.cpf, 'my own new passphrase')).to.equal(true);
    });

    it('a name change needs no password', async () => {
      const me = await person();
      expect((await request(app.http).patch(`/v1/users/${me.cpf}`).set('Authorization', me.bearer).send({ name: 'Just A Rename' })).status).to.equal(200);
    });
  });

  describe("a customer naming someone else's CPF", () => {
    it('gets the same 404 whether it exists, and the other record is never loaded (nothing is cached for it)', async () => {
      const me = await person();
      const them = await person();
      const cache = app.container.get<ICache>(SHARED_TYPES.ICache);
      await cache.delete(userCacheKey(Cpf.parse(them.cpf)));
      const theirs = await request(app.http).get(`/v1/users/${them.cpf}`).set('Authorization', me.bearer);
      const nobody = await request(app.http).get(`/v1/users/${aCpf()}`).set('Authorization', me.bearer);
      expect([theirs.status, nobody.status]).to.deep.equal([404, 404]);
      expect(theirs.body.code).to.equal(nobody.body.code);
      expect(await cache.get(userCacheKey(Cpf.parse(them.cpf)))).to.equal(null);
      for (const action of ['deactivate', 'activate']) {
        expect((await request(app.http).post(`/v1/users/${them.cpf}/${action}`).set('Authorization', me.bearer)).status).to.equal(404);
      }
      expect(await cache.get(userCacheKey(Cpf.parse(them.cpf)))).to.equal(null);
    });
  });
});

import { expect } from 'chai';
import request from 'supertest';
import type { FincoreApp } from '../../../src/config/composition-root';
import { createTestApp } from '../../helpers/app';
import { aCpf } from '../../helpers/cpf';
import { storeAdmin, registerAndLogIn } from '../../helpers/users';

const PASSWORD = 'correct horse battery staple';
const GENEROUS_LIMITS = { RATE_LIMIT_PER_MINUTE: '100000' };

/**
 * Access tokens are revocable: deactivation, a password change and "log out everywhere" end every
 * access token already issued to the user, not only the refresh tokens.
 */
describe('session revocation: access tokens already issued stop working', () => {
  let app: FincoreApp;
  let root: string;

  before(async function () {
    this.timeout(60_000);
    app = await createTestApp(GENEROUS_LIMITS);
    root = (await storeAdmin(app)).authorization;
  });
  after(async () => {
    await app.close();
  });

  const person = (role: 'customer' | 'admin' = 'customer') => registerAndLogIn(app, root, PASSWORD, role);

  it('an admin deactivated by another admin can no longer reactivate themself, nor act as admin, with the token issued before', async () => {
    const a = await person('admin');
    const b = await person('admin');
    expect((await request(app.http).get('/v1/users').set('Authorization', b.bearer)).status).to.equal(200);

    expect((await request(app.http).post(`/v1/users/${b.cpf}/deactivate`).set('Authorization', a.bearer)).status).to.equal(200);
    const activate = await request(app.http).post(`/v1/users/${b.cpf}/activate`).set('Authorization', b.bearer);
    expect(activate.status).to.equal(401);
    expect(activate.headers['www-authenticate']).to.equal('Bearer');
    const cpf = aCpf();
    const newAdmin = await request(app.http).post('/v1/users').set('Authorization', b.bearer).send({ cpf, name: 'Sneaky Admin', email: `s.${cpf}@example.com`, role: 'admin' });
    expect(newAdmin.status).to.equal(401);
    expect(await app.db('users').where({ cpf }).first()).to.equal(undefined);
    expect((await app.db('users').where({ id: b.id }).first('is_active')).is_active).to.equal(false);
    expect((await request(app.http).post('/v1/auth/login').send({ cpf: b.cpf, password: PASSWORD })).status).to.equal(401);
  });

  it('nobody activates themself, not even an admin', async () => {
    const a = await person('admin');
    const self = await request(app.http).post(`/v1/users/${a.cpf}/activate`).set('Authorization', a.bearer);
    expect(self.status).to.equal(403);
    expect(self.body.code).to.equal('FORBIDDEN');
  });

  it('reactivation does not bring the old tokens back; a new login works', async () => {
    const c = await person();
    expect((await request(app.http).post(`/v1/users/${c.cpf}/deactivate`).set('Authorization', root)).status).to.equal(200);
    expect((await request(app.http).post(`/v1/users/${c.cpf}/activate`).set('Authorization', root)).status).to.equal(200);
    expect((await request(app.http).get(`/v1/users/${c.cpf}`).set('Authorization', c.bearer)).status).to.equal(401);
    const again = await request(app.http).post('/v1/auth/login').send({ cpf: c.cpf, password: PASSWORD });
    expect((await request(app.http).get(`/v1/users/${c.cpf}`).set('Authorization', `Bearer ${again.body.accessToken}`)).status).to.equal(200);
  });

  it("a password change ends the user's access tokens, the caller's own included; other changes do not", async () => {
    const c = await person();
    const other = await request(app.http).post('/v1/auth/login').send({ cpf: c.cpf, password: PASSWORD });
    const rename = await request(app.http).patch(`/v1/users/${c.cpf}`).set('Authorization', c.bearer).send({ name: 'Renamed Person' });
    expect(rename.status).to.equal(200);
    expect((await request(app.http).get(`/v1/users/${c.cpf}`).set('Authorization', c.bearer)).status).to.equal(200);

    const change = await request(app.http).patch(`/v1/users/${c.cpf}`).set('Authorization', c.bearer).send({ password: 'a brand new passphrase', currentPassword: PASSWORD });
    expect(change.status, change.text).to.equal(200);
    for (const bearer of [c.bearer, `Bearer ${other.body.accessToken}`]) {
      expect((await request(app.http).get(`/v1/users/${c.cpf}`).set('Authorization', bearer)).status).to.equal(401);
    }
    expect((await request(app.http).post('/v1/auth/login').send({ cpf: c.cpf, password: 'a brand new passphrase' })).status).to.equal(200);
  });

  it('an admin password reset ends the customer access tokens', async () => {
    const c = await person();
    expect((await request(app.http).patch(`/v1/users/${c.cpf}`).set('Authorization', root).send({ password: 'reset by the bank 2026' })).status).to.equal(200);
    expect((await request(app.http).get(`/v1/users/${c.cpf}`).set('Authorization', c.bearer)).status).to.equal(401);
  });

  it('POST /v1/auth/logout-all ends every access and refresh token of the caller (204); other users keep theirs', async () => {
    const c = await person();
    const d = await person();
    const second = await request(app.http).post('/v1/auth/login').send({ cpf: c.cpf, password: PASSWORD });
    const out = await request(app.http).post('/v1/auth/logout-all').set('Authorization', c.bearer).send({});
    expect(out.status).to.equal(204);
    for (const bearer of [c.bearer, `Bearer ${second.body.accessToken}`]) {
      expect((await request(app.http).get(`/v1/users/${c.cpf}`).set('Authorization', bearer)).status).to.equal(401);
    }
    for (const refreshToken of [c.refreshToken, second.body.refreshToken]) {
      expect((await request(app.http).post('/v1/auth/refresh').send({ refreshToken })).status).to.equal(401);
    }
    expect((await request(app.http).get(`/v1/users/${d.cpf}`).set('Authorization', d.bearer)).status).to.equal(200);
    expect((await request(app.http).post('/v1/auth/logout-all').send({})).status).to.equal(401);
  });

  it('a token without a session version (as issued before sessions were revocable) is refused', async () => {
    const c = await person();
    const [h, p, s] = c.bearer.slice('Bearer '.length).split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    delete claims.sv;
    const stripped = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
    expect((await request(app.http).get(`/v1/users/${c.cpf}`).set('Authorization', `Bearer ${stripped}`)).status).to.equal(401);
  });
});

import { expect } from 'chai';
import request from 'supertest';
import type { FincoreApp } from '../../src/config/composition-root';
import { createTestApp } from '../helpers/app';
import { aCpf } from '../helpers/cpf';
import { asService, asUser } from '../helpers/tokens';
import { storeAdmin, storeUser } from '../helpers/users';

interface Someone {
  cpf: string;
  id: number;
  token: string;
}

/** SPEC section 5, "who" column of the users routes: self, admin or scope; someone else's record is 404. */
describe('authorization on the users routes', () => {
  let app: FincoreApp;
  let alice: Someone;
  let bob: Someone;
  let adminAuthorization: string;
  const admin = () => adminAuthorization;

  async function customer(name: string): Promise<Someone> {
    const cpf = aCpf();
    const res = await request(app.http).post('/v1/users').send({ cpf, name, email: `${name.toLowerCase().replace(/\W/g, '')}.${cpf}@example.com` });
    expect(res.status).to.equal(201);
    return { cpf, id: res.body.id, token: asUser(app, res.body.id) };
  }

  const row = (who: Someone) => app.db('users').where({ id: who.id }).first('name', 'email', 'role', 'is_active', 'password_hash', 'updated_at');
  const userCount = async () => Number((await app.db('users').count<{ n: string }[]>('* as n'))[0].n);

  before(async () => {
    // Many anonymous sign-ups from one address: lift the credential limit (rate-limit.test.ts covers it).
    app = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    adminAuthorization = (await storeAdmin(app)).authorization;
  });
  beforeEach(async () => {
    alice = await customer('Alice Alves');
    bob = await customer('Bob Barros');
  });
  after(async () => {
    await app.close();
  });

  describe('a customer', () => {
    it('reads, changes and deactivates their own record', async () => {
      expect((await request(app.http).get(`/v1/users/${alice.cpf}`).set('Authorization', alice.token)).status).to.equal(200);
      const patched = await request(app.http).patch(`/v1/users/${alice.cpf}`).set('Authorization', alice.token).send({ name: 'Alice A. Alves' });
      expect(patched.status).to.equal(200);
      expect(patched.body.name).to.equal('Alice A. Alves');
      const deactivated = await request(app.http).post(`/v1/users/${alice.cpf}/deactivate`).set('Authorization', alice.token);
      expect(deactivated.status).to.equal(200);
      expect(deactivated.body.isActive).to.equal(false);
    });

    it("cannot read another customer's record: 404, exactly as for a CPF nobody has", async () => {
      const theirs = await request(app.http).get(`/v1/users/${bob.cpf}`).set('Authorization', alice.token);
      const nobody = await request(app.http).get(`/v1/users/${aCpf()}`).set('Authorization', alice.token);
      expect(theirs.status).to.equal(404);
      const shape = (res: request.Response) => ({ ...res.body, instance: undefined, requestId: undefined });
      expect(shape(theirs)).to.deep.equal(shape(nobody));
      expect(theirs.body.code).to.equal('USER_NOT_FOUND');
    });

    it("cannot change another customer's record (404) and nothing changes", async () => {
      const before = await row(bob);
      const res = await request(app.http).patch(`/v1/users/${bob.cpf}`).set('Authorization', alice.token).send({ name: 'Hijacked', password: 'attacker password!' });
      expect(res.status).to.equal(404);
      expect(await row(bob)).to.deep.equal(before);
    });

    it('cannot deactivate another customer (404) and nothing changes', async () => {
      const before = await row(bob);
      expect((await request(app.http).post(`/v1/users/${bob.cpf}/deactivate`).set('Authorization', alice.token)).status).to.equal(404);
      expect(await row(bob)).to.deep.equal(before);
    });

    it('cannot activate anyone: themself 403, someone else 404; once deactivated their token is refused (401)', async () => {
      await request(app.http).post(`/v1/users/${bob.cpf}/deactivate`).set('Authorization', admin());
      const self = await request(app.http).post(`/v1/users/${alice.cpf}/activate`).set('Authorization', alice.token);
      expect(self.status).to.equal(403);
      expect(self.body.code).to.equal('FORBIDDEN');
      expect((await request(app.http).post(`/v1/users/${bob.cpf}/activate`).set('Authorization', alice.token)).status).to.equal(404);
      expect((await request(app.http).post(`/v1/users/${alice.cpf}/deactivate`).set('Authorization', alice.token)).status).to.equal(200);
      expect((await request(app.http).post(`/v1/users/${alice.cpf}/activate`).set('Authorization', alice.token)).status).to.equal(401);
      expect((await row(alice)).is_active).to.equal(false);
      expect((await row(bob)).is_active).to.equal(false);
    });

    it('cannot list users (403)', async () => {
      const res = await request(app.http).get('/v1/users').set('Authorization', alice.token);
      expect(res.status).to.equal(403);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    });
  });

  describe('a service', () => {
    it('without users:read gets 403 on reads, whether the user exists or not', async () => {
      const token = asService(app, 'accounts:read', 'users:write');
      for (const path of [`/v1/users/${bob.cpf}`, `/v1/users/${aCpf()}`, '/v1/users']) {
        const res = await request(app.http).get(path).set('Authorization', token);
        expect(res.status, path).to.equal(403);
        expect(res.body.code).to.equal('FORBIDDEN');
      }
    });

    it('with users:read reads and lists, but may not change (403, nothing changes)', async () => {
      const token = asService(app, 'users:read');
      expect((await request(app.http).get(`/v1/users/${bob.cpf}`).set('Authorization', token)).status).to.equal(200);
      expect((await request(app.http).get('/v1/users').set('Authorization', token)).status).to.equal(200);
      const before = await row(bob);
      expect((await request(app.http).patch(`/v1/users/${bob.cpf}`).set('Authorization', token).send({ name: 'Changed Name' })).status).to.equal(403);
      expect((await request(app.http).post(`/v1/users/${bob.cpf}/deactivate`).set('Authorization', token)).status).to.equal(403);
      expect(await row(bob)).to.deep.equal(before);
    });

    it('with users:write changes, deactivates and activates anyone', async () => {
      const token = asService(app, 'users:write');
      expect((await request(app.http).patch(`/v1/users/${bob.cpf}`).set('Authorization', token).send({ name: 'Robert Barros' })).status).to.equal(200);
      expect((await request(app.http).post(`/v1/users/${bob.cpf}/deactivate`).set('Authorization', token)).status).to.equal(200);
      expect((await request(app.http).post(`/v1/users/${bob.cpf}/activate`).set('Authorization', token)).status).to.equal(200);
      expect(await row(bob)).to.include({ name: 'Robert Barros', is_active: true });
    });
  });

  describe('an admin', () => {
    it('reads, lists, changes, deactivates and activates anyone', async () => {
      expect((await request(app.http).get(`/v1/users/${bob.cpf}`).set('Authorization', admin())).status).to.equal(200);
      expect((await request(app.http).get('/v1/users').set('Authorization', admin())).status).to.equal(200);
      expect((await request(app.http).patch(`/v1/users/${bob.cpf}`).set('Authorization', admin()).send({ email: `new.${bob.cpf}@example.com` })).status).to.equal(200);
      expect((await request(app.http).post(`/v1/users/${bob.cpf}/deactivate`).set('Authorization', admin())).status).to.equal(200);
      expect((await request(app.http).post(`/v1/users/${bob.cpf}/activate`).set('Authorization', admin())).status).to.equal(200);
    });

    it('a missing user is still a 404 for an admin', async () => {
      expect((await request(app.http).get(`/v1/users/${aCpf()}`).set('Authorization', admin())).status).to.equal(404);
    });
  });

  describe('without a token', () => {
    it('every route but registration answers 401', async () => {
      const calls = [
        request(app.http).get('/v1/users'),
        request(app.http).get(`/v1/users/${bob.cpf}`),
        request(app.http).patch(`/v1/users/${bob.cpf}`).send({ name: 'Anonymous Edit' }),
        request(app.http).post(`/v1/users/${bob.cpf}/deactivate`),
        request(app.http).post(`/v1/users/${bob.cpf}/activate`),
      ];
      for (const res of await Promise.all(calls)) {
        expect(res.status).to.equal(401);
        expect(res.headers['www-authenticate']).to.equal('Bearer');
      }
    });
  });

  describe('mass assignment', () => {
    const newUser = () => {
      const cpf = aCpf();
      return { cpf, name: 'Mallory Mass', email: `m.${cpf}@example.com` };
    };

    for (const [field, value] of [
      ['role', 'admin'],
      ['role', 'customer'],
      ['isActive', false],
      ['id', 1],
      ['passwordHash', 'x'],
      ['createdAt', '2020-01-01T00:00:00Z'],
    ] as const) {
      it(`registration with ${field}=${JSON.stringify(value)} by anyone but an admin is a 400 and creates nobody`, async () => {
        const before = await userCount();
        for (const token of [undefined, alice.token, asService(app, 'users:write')]) {
          const req = request(app.http).post('/v1/users');
          if (token) req.set('Authorization', token);
          const res = await req.send({ ...newUser(), [field]: value });
          expect(res.status, `${field} with ${token ? 'a token' : 'no token'}`).to.equal(400);
          expect(res.body.code).to.equal('VALIDATION_FAILED');
        }
        expect(await userCount()).to.equal(before);
      });
    }

    it('an admin may register an admin', async () => {
      const res = await request(app.http).post('/v1/users').set('Authorization', admin()).send({ ...newUser(), role: 'admin' });
      expect(res.status).to.equal(201);
      expect(res.body.role).to.equal('admin');
    });

    for (const [field, value] of [
      ['role', 'admin'],
      ['isActive', false],
      ['id', 7],
      ['cpf', '52998224725'],
      ['nickname', 'al'],
    ] as const) {
      it(`PATCH with ${field} is a 400 and changes nothing, even for an admin`, async () => {
        const before = await row(alice);
        for (const token of [alice.token, admin()]) {
          const res = await request(app.http).patch(`/v1/users/${alice.cpf}`).set('Authorization', token).send({ name: 'Alice Changed', [field]: value });
          expect(res.status).to.equal(400);
        }
        expect(await row(alice)).to.deep.equal(before);
      });
    }
  });

  describe('with SELF_SIGNUP=false', () => {
    let closed: FincoreApp;
    let closedAdmin: string;
    let closedCustomer: string;
    before(async () => {
      closed = await createTestApp({ SELF_SIGNUP: 'false' });
      closedAdmin = (await storeAdmin(closed)).authorization;
      closedCustomer = (await storeUser(closed)).authorization;
    });
    after(async () => {
      await closed.close();
    });

    const register = (token?: string) => {
      const cpf = aCpf();
      const req = request(closed.http).post('/v1/users');
      if (token) req.set('Authorization', token);
      return req.send({ cpf, name: 'Closed Shop', email: `cs.${cpf}@example.com` });
    };

    it('anonymous registration is 401, a customer or a service without users:write 403', async () => {
      const before = Number((await closed.db('users').count<{ n: string }[]>('* as n'))[0].n);
      expect((await register()).status).to.equal(401);
      expect((await register(closedCustomer)).status).to.equal(403);
      expect((await register(asService(closed, 'users:read'))).status).to.equal(403);
      expect(Number((await closed.db('users').count<{ n: string }[]>('* as n'))[0].n)).to.equal(before);
    });

    it('an admin or a service with users:write registers', async () => {
      expect((await register(closedAdmin)).status).to.equal(201);
      expect((await register(asService(closed, 'users:write'))).status).to.equal(201);
    });
  });
});

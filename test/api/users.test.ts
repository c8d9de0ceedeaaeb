import { expect } from 'chai';
import request from 'supertest';
import type { FincoreApp } from '../../src/config/composition-root';
import { createTestApp } from '../helpers/app';
import { aCpf } from '../helpers/cpf';
import { type StoredUser, storeAdmin } from '../helpers/users';
import { expectProblem } from '../helpers/problem';

const format = (cpf: string) => `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`;
let emailCount = 0;
const newUser = (fields: Record<string, unknown> = {}) => ({ cpf: aCpf(), name: 'Maria Souza', email: `maria.${++emailCount}.${Date.now()}@example.com`, ...fields });


describe('users API', () => {
  let app: FincoreApp;
  let admin: StoredUser;
  const http = () => request(app.http);
  const userCount = async () => Number((await app.db('users').count<{ n: string }[]>({ n: '*' }))[0].n);

  before(async () => {
    // Many anonymous sign-ups from one address: lift the credential limit (rate-limit.test.ts covers it).
    app = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    admin = await storeAdmin(app);
  });
  after(async () => {
    await app.close();
  });

  /** Registers anonymously (self sign-up) and returns the response body. */
  async function register(fields: Record<string, unknown> = {}) {
    const res = await http().post('/v1/users').send(newUser(fields));
    expect(res.status, res.text).to.equal(201);
    return res.body as { id: number; cpf: string; name: string; email: string; isActive: boolean; updatedAt: string };
  }

  describe('POST /v1/users', () => {
    it('registers anonymously: 201, Location, the user listed field by field', async () => {
      const input = newUser({ name: '  Ana Maria  ', email: 'Ana.Maria.Reg@Example.COM' });
      const res = await http().post('/v1/users').send(input);
      expect(res.status, res.text).to.equal(201);
      expect(res.headers.location).to.equal(`/v1/users/${input.cpf}`);
      expect(Object.keys(res.body).sort()).to.deep.equal(['cpf', 'createdAt', 'email', 'id', 'isActive', 'name', 'role', 'updatedAt']);
      expect(res.body).to.include({ cpf: input.cpf, name: 'Ana Maria', email: 'ana.maria.reg@example.com', role: 'customer', isActive: true });
      expect(res.body.createdAt).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const [row] = await app.db('users').where({ cpf: input.cpf });
      expect(row).to.include({ id: res.body.id, name: 'Ana Maria', email: 'ana.maria.reg@example.com' });
    });

    it('accepts a formatted CPF and a password, which never comes back', async () => {
      const input = newUser({ password: 'a long enough passphrase' });
      const res = await http().post('/v1/users').send({ ...input, cpf: format(input.cpf as string) });
      expect(res.status, res.text).to.equal(201);
      expect(res.body.cpf, 'answered as the 11 digits, however it was sent').to.equal(input.cpf);
      expect(res.headers.location).to.equal(`/v1/users/${input.cpf}`);
      expect(res.text).to.not.contain('passphrase').and.not.contain('argon2');
      const [row] = await app.db('users').where({ cpf: input.cpf });
      expect(row.password_hash).to.match(/^\$argon2id\$/);
    });

    const invalid: [string, Record<string, unknown>, string, string?][] = [
      ['a CPF with wrong check digits', { cpf: '123.456.789-10' }, 'INVALID_CPF'],
      ['a CPF of repeated digits', { cpf: '11111111111' }, 'INVALID_CPF'],
      ['a CPF with letters', { cpf: 'abc.def.ghi-jk' }, 'VALIDATION_FAILED', 'body.cpf'],
      ['a bad email', { email: 'not-an-email' }, 'VALIDATION_FAILED', 'email'],
      ['a short name', { name: 'Al' }, 'VALIDATION_FAILED', 'name'],
      ['a short password', { password: 'short' }, 'VALIDATION_FAILED', 'password'],
      ['an unknown field', { nickname: 'mari' }, 'VALIDATION_FAILED', 'body.nickname'],
      ['a missing name', { name: undefined }, 'VALIDATION_FAILED', 'body.name'],
    ];
    for (const [what, fields, code, path] of invalid) {
      it(`400 ${code} for ${what}, and stores nothing`, async () => {
        const before = await userCount();
        const res = await http().post('/v1/users').send(newUser(fields));
        const body = expectProblem(res, 400, code);
        if (path) expect((body.errors as { path: string }[]).map((e) => e.path)).to.include(path);
        expect(await userCount()).to.equal(before);
      });
    }

    it('400 MALFORMED_JSON for a body that is not JSON', async () => {
      const res = await http().post('/v1/users').set('Content-Type', 'application/json').send('{"cpf": "529.982.247-25",');
      expectProblem(res, 400, 'MALFORMED_JSON');
    });

    it('409 for a duplicate CPF, whatever its format, and stores nothing', async () => {
      const first = newUser();
      await http().post('/v1/users').send(first).expect(201);
      const before = await userCount();
      const res = await http().post('/v1/users').send(newUser({ cpf: format(first.cpf as string) }));
      expectProblem(res, 409, 'USER_ALREADY_EXISTS');
      expect(await userCount()).to.equal(before);
    });

    it('409 for a duplicate email, whatever its case', async () => {
      await http().post('/v1/users').send(newUser({ email: 'Case.Dup@example.com' })).expect(201);
      const res = await http().post('/v1/users').send(newUser({ email: 'CASE.DUP@EXAMPLE.COM' }));
      expectProblem(res, 409, 'USER_ALREADY_EXISTS');
    });
  });

  describe('GET /v1/users', () => {
    it('pages through active users with opaque cursors, leaving out inactive ones', async () => {
      const mine = [await register(), await register(), await register(), await register(), await register()];
      await http().post(`/v1/users/${mine[1].cpf}/deactivate`).set('Authorization', admin.authorization).expect(200);

      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: request.Response = await http()
          .get('/v1/users')
          .query(cursor ? { limit: 2, cursor } : { limit: 2 })
          .set('Authorization', admin.authorization);
        expect(res.status, res.text).to.equal(200);
        expect(Object.keys(res.body).sort()).to.deep.equal(['items', 'nextCursor']);
        expect(res.body.items.length).to.be.at.most(2);
        seen.push(...res.body.items.map((u: { id: number; isActive: boolean }) => (expect(u.isActive).to.equal(true), u.id)));
        cursor = res.body.nextCursor;
        if (cursor !== null) expect(cursor).to.be.a('string').and.not.match(/^\d+$/);
        pages++;
      } while (cursor !== null && pages < 100);

      expect(seen).to.deep.equal([...seen].sort((a, b) => a - b));
      expect(new Set(seen).size).to.equal(seen.length);
      expect(seen).to.include.members([mine[0].id, mine[2].id, mine[3].id, mine[4].id]);
      expect(seen).to.not.include(mine[1].id);
      const active = await app.db('users').where({ is_active: true }).count<{ n: string }[]>({ n: '*' });
      expect(seen).to.have.length(Number(active[0].n));
    });

    it('answers 20 users by default and accepts limits from 1 to 100', async () => {
      while ((await userCount()) < 22) await register();
      const byDefault = await http().get('/v1/users').set('Authorization', admin.authorization).expect(200);
      expect(byDefault.body.items).to.have.length(20);
      expect(byDefault.body.nextCursor).to.be.a('string');
      const one = await http().get('/v1/users?limit=1').set('Authorization', admin.authorization).expect(200);
      expect(one.body.items).to.have.length(1);
      const hundred = await http().get('/v1/users?limit=100').set('Authorization', admin.authorization).expect(200);
      expect(hundred.body.nextCursor).to.equal(null);
    });

    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'limit=1.5', 'sort=name']) {
      it(`400 VALIDATION_FAILED for ?${query}`, async () => {
        const res = await http().get(`/v1/users?${query}`).set('Authorization', admin.authorization);
        expectProblem(res, 400, 'VALIDATION_FAILED');
      });
    }

    for (const [what, cursor] of [
      ['not base64 JSON', 'garbage!'],
      ['JSON of the wrong type', Buffer.from('"abc"').toString('base64url')],
      ['a negative key', Buffer.from('-1').toString('base64url')],
    ]) {
      it(`400 INVALID_CURSOR for a cursor that is ${what}`, async () => {
        const res = await http().get('/v1/users').query({ cursor }).set('Authorization', admin.authorization);
        expectProblem(res, 400, 'INVALID_CURSOR');
      });
    }

    it('400 for a cursor longer than any this service issues', async () => {
      const res = await http().get('/v1/users').query({ cursor: 'a'.repeat(600) }).set('Authorization', admin.authorization);
      expectProblem(res, 400, 'VALIDATION_FAILED');
    });
  });

  describe('GET /v1/users/{cpf}', () => {
    it('finds a user by formatted or digit-only CPF', async () => {
      const user = await register();
      for (const path of [format(user.cpf), user.cpf]) {
        const res = await http().get(`/v1/users/${path}`).set('Authorization', admin.authorization);
        expect(res.status, res.text).to.equal(200);
        expect(res.body).to.deep.equal(user);
      }
    });

    it('404 USER_NOT_FOUND for a valid CPF nobody has', async () => {
      expectProblem(await http().get(`/v1/users/${aCpf()}`).set('Authorization', admin.authorization), 404, 'USER_NOT_FOUND');
    });

    it('400 for an invalid CPF in the path', async () => {
      expectProblem(await http().get('/v1/users/12345678910').set('Authorization', admin.authorization), 400, 'INVALID_CPF');
      expectProblem(await http().get('/v1/users/abc').set('Authorization', admin.authorization), 400, 'VALIDATION_FAILED');
    });
  });

  describe('PATCH /v1/users/{cpf}', () => {
    it('changes name and email (200), and a read straight after shows the change despite the cache', async () => {
      const user = await register();
      // Read once so that the user is cached.
      await http().get(`/v1/users/${user.cpf}`).set('Authorization', admin.authorization).expect(200);
      const res = await http()
        .patch(`/v1/users/${user.cpf}`)
        .set('Authorization', admin.authorization)
        .send({ name: 'Renamed Person', email: 'Renamed.Person@Example.com' });
      expect(res.status, res.text).to.equal(200);
      expect(res.body).to.include({ id: user.id, name: 'Renamed Person', email: 'renamed.person@example.com' });
      expect(new Date(res.body.updatedAt).getTime()).to.be.at.least(new Date(user.updatedAt).getTime());
      const again = await http().get(`/v1/users/${user.cpf}`).set('Authorization', admin.authorization).expect(200);
      expect(again.body).to.include({ name: 'Renamed Person', email: 'renamed.person@example.com' });
    });

    for (const [what, body] of [
      ['an empty body', {}],
      ['an unknown field', { nickname: 'x' }],
      ['a bad email', { email: 'nope' }],
      ['a short name', { name: 'Al' }],
    ] as const) {
      it(`400 VALIDATION_FAILED for ${what}, and changes nothing`, async () => {
        const user = await register();
        const res = await http().patch(`/v1/users/${user.cpf}`).set('Authorization', admin.authorization).send(body);
        expectProblem(res, 400, 'VALIDATION_FAILED');
        const after = await http().get(`/v1/users/${user.cpf}`).set('Authorization', admin.authorization).expect(200);
        expect(after.body).to.deep.equal(user);
      });
    }

    it('409 when the new email belongs to someone else, whatever its case, and changes nothing', async () => {
      const owner = await register();
      const user = await register();
      const res = await http().patch(`/v1/users/${user.cpf}`).set('Authorization', admin.authorization).send({ email: owner.email.toUpperCase() });
      expectProblem(res, 409, 'USER_ALREADY_EXISTS');
      const [row] = await app.db('users').where({ id: user.id });
      expect(row.email).to.equal(user.email);
    });

    it('404 for a CPF nobody has', async () => {
      expectProblem(await http().patch(`/v1/users/${aCpf()}`).set('Authorization', admin.authorization).send({ name: 'Some Name' }), 404, 'USER_NOT_FOUND');
    });
  });

  describe('POST /v1/users/{cpf}/deactivate and /activate', () => {
    it('deactivates (200), refuses twice (409), activates (200), refuses twice (409); reads follow each change', async () => {
      const user = await register();
      const as = (req: request.Test) => req.set('Authorization', admin.authorization);
      await as(http().get(`/v1/users/${user.cpf}`)).expect(200);

      const off = await as(http().post(`/v1/users/${user.cpf}/deactivate`));
      expect(off.status, off.text).to.equal(200);
      expect(off.body).to.include({ id: user.id, isActive: false });
      expect((await as(http().get(`/v1/users/${user.cpf}`)).expect(200)).body.isActive).to.equal(false);
      expectProblem(await as(http().post(`/v1/users/${user.cpf}/deactivate`)), 409, 'USER_ALREADY_INACTIVE');

      const on = await as(http().post(`/v1/users/${user.cpf.replace(/\D/g, '')}/activate`));
      expect(on.status, on.text).to.equal(200);
      expect(on.body.isActive).to.equal(true);
      expect((await as(http().get(`/v1/users/${user.cpf}`)).expect(200)).body.isActive).to.equal(true);
      expectProblem(await as(http().post(`/v1/users/${user.cpf}/activate`)), 409, 'USER_ALREADY_ACTIVE');
    });

    it('404 for a CPF nobody has', async () => {
      expectProblem(await http().post(`/v1/users/${aCpf()}/deactivate`).set('Authorization', admin.authorization), 404, 'USER_NOT_FOUND');
      expectProblem(await http().post(`/v1/users/${aCpf()}/activate`).set('Authorization', admin.authorization), 404, 'USER_NOT_FOUND');
    });
  });
});

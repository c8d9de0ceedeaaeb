import { expect } from 'chai';
import request from 'supertest';
import type { FincoreApp } from '../../src/config/composition-root';
import { createFirstAdmin, randomCpf } from '../../src/config/first-admin';
import type { Settings } from '../../src/config/settings';
import { Cpf } from '../../src/domain/modules/user/cpf.value-object';
import { createTestApp } from '../helpers/app';

describe('first-start admin', () => {
  let app: FincoreApp;
  // A development server on the embedded database, whatever database this test really runs on.
  const development = (): Settings => ({ ...app.settings, nodeEnv: 'development', databaseUrl: undefined });

  beforeEach(async () => {
    app = await createTestApp();
  });
  afterEach(async () => {
    await app.close();
  });

  it('randomCpf gives valid, varying CPFs', () => {
    const cpfs = Array.from({ length: 50 }, randomCpf);
    for (const cpf of cpfs) expect(Cpf.isValid(cpf), cpf).to.equal(true);
    expect(new Set(cpfs).size).to.be.greaterThan(45);
  });

  it('on an empty embedded development database, creates an admin whose printed credentials log in; once only', async () => {
    const admin = await createFirstAdmin(development(), app.container);
    expect(admin).to.not.equal(null);
    expect(admin!.password.length).to.be.at.least(20);
    const login = await request(app.http).post('/v1/auth/login').send({ cpf: admin!.cpf, password: admin!.password });
    expect(login.status).to.equal(200);
    const me = await request(app.http).get(`/v1/users/${admin!.cpf}`).set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(me.body.role).to.equal('admin');
    // Made by the operator's own start-up: vouched for, so its SSO identity links on first login.
    expect(await app.db('users').where({ cpf: admin!.cpf }).first('identity_verified')).to.deep.equal({ identity_verified: true });

    expect(await createFirstAdmin(development(), app.container)).to.equal(null);
    expect(await app.db('users').select('id')).to.have.length(1);
  });

  it('never when a user exists', async () => {
    await request(app.http).post('/v1/users').send({ cpf: randomCpf(), name: 'Early Bird', email: 'early@example.com' });
    expect(await createFirstAdmin(development(), app.container)).to.equal(null);
    expect(await app.db('users').where({ role: 'admin' }).select('id')).to.deep.equal([]);
  });

  it('never in production or test, never with DATABASE_URL', async () => {
    for (const settings of [
      { ...development(), nodeEnv: 'production' as const },
      { ...development(), nodeEnv: 'test' as const },
      { ...development(), databaseUrl: 'postgres://db.example/fincore' },
    ]) {
      expect(await createFirstAdmin(settings, app.container)).to.equal(null);
    }
    expect(await app.db('users').select('id')).to.deep.equal([]);
  });
});

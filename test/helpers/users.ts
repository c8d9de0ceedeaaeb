import { expect } from 'chai';
import request from 'supertest';
import type { FincoreApp } from '../../src/config/composition-root';
import { aCpf } from './cpf';
import { asUser } from './tokens';

export interface StoredUser {
  id: number;
  /** 11 digits. */
  cpf: string;
  /** `Authorization` header value for this user, with the role it is stored with. */
  authorization: string;
}

/**
 * A user written straight into the database, for tests that need a caller: a token's user id and
 * role then match a real stored user, as authorization expects.
 */
export async function storeUser(app: FincoreApp, role: 'customer' | 'admin' = 'customer'): Promise<StoredUser> {
  const cpf = aCpf();
  const [{ id }] = await app.db('users').insert({ cpf, name: `Stored ${role}`, email: `${role}.${cpf}@example.com`, role }).returning('id');
  return { id, cpf, authorization: asUser(app, id, role) };
}

export const storeAdmin = (app: FincoreApp): Promise<StoredUser> => storeUser(app, 'admin');

export interface LoggedInPerson {
  cpf: string;
  id: number;
  /** `Authorization` header value with the access token of the login. */
  bearer: string;
  refreshToken: string;
}

/** A user created through the API by an admin (`adminAuthorization`), with a password, then logged in. */
export async function registerAndLogIn(app: FincoreApp, adminAuthorization: string, password: string, role: 'customer' | 'admin' = 'customer'): Promise<LoggedInPerson> {
  const cpf = aCpf();
  const created = await request(app.http)
    .post('/v1/users')
    .set('Authorization', adminAuthorization)
    .send({ cpf, name: `Person ${role}`, email: `p.${cpf}@example.com`, password, role });
  expect(created.status, created.text).to.equal(201);
  const login = await request(app.http).post('/v1/auth/login').send({ cpf, password });
  expect(login.status, login.text).to.equal(200);
  return { cpf, id: created.body.id as number, bearer: `Bearer ${login.body.accessToken}`, refreshToken: login.body.refreshToken as string };
}

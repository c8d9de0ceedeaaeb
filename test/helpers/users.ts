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

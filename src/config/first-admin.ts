import { randomBytes, randomInt } from 'node:crypto';
import type { interfaces } from 'inversify';
import { CONSOLE_OPERATOR } from '../domain/modules/auth/principal';
import { Cpf } from '../domain/modules/user/cpf.value-object';
import type { IUserRepository } from '../domain/modules/user/user.repository';
import type { IUserService } from '../domain/modules/user/user.service';
import { USER_TYPES } from '../domain/modules/user/user.types';
import type { Settings } from './settings';

export interface FirstAdmin {
  cpf: string;
  password: string;
}

/** A random valid CPF: random digits until the check digits happen to agree (about one try in a hundred). */
export function randomCpf(): string {
  for (;;) {
    const candidate = Array.from({ length: 11 }, () => randomInt(10)).join('');
    if (Cpf.isValid(candidate)) return candidate;
  }
}

/**
 * So that a newcomer on the embedded default can act as an admin at once: on the first start of a
 * development server with an empty embedded database, creates an admin with a random CPF and
 * password and returns them (to be printed once). Never in production or test, never with
 * DATABASE_URL, never when any user exists.
 */
export async function createFirstAdmin(settings: Settings, container: interfaces.Container): Promise<FirstAdmin | null> {
  if (settings.nodeEnv !== 'development' || settings.databaseUrl) return null;
  if (!(await container.get<IUserRepository>(USER_TYPES.IUserRepository).isEmpty())) return null;
  const admin = { cpf: randomCpf(), password: randomBytes(18).toString('base64url') };
  await container.get<IUserService>(USER_TYPES.IUserService).register(CONSOLE_OPERATOR, {
    cpf: admin.cpf,
    name: 'Administrator',
    email: 'admin@fincore.local',
    password: admin.password,
    role: 'admin',
  });
  return admin;
}

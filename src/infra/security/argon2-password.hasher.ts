import argon2 from 'argon2';
import { injectable } from 'inversify';
import type { IPasswordHasher } from '../../domain/modules/user/password-hasher.port';
import type { Password } from '../../domain/modules/user/password.value-object';

// OWASP Password Storage Cheat Sheet: argon2id, m = 19 MiB, t = 2, p = 1.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@injectable()
export class Argon2PasswordHasher implements IPasswordHasher {
  hash(password: Password): Promise<string> {
    return argon2.hash(password.value, OPTIONS);
  }

  async verify(hash: string, candidate: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, candidate);
    } catch {
      // A malformed stored hash is a failed login, not a server error.
      return false;
    }
  }
}

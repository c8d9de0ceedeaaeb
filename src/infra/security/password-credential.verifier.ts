import { randomBytes } from 'node:crypto';
import type { IPasswordHasher } from '../../domain/modules/user/password-hasher.port';
import { Password } from '../../domain/modules/user/password.value-object';

/**
 * Checks a login password so that the time taken does not tell whether the CPF exists: when there
 * is no stored hash (unknown CPF, or a user without a password), the candidate is verified against
 * a dummy hash made with the same hasher and parameters, and the answer is always false.
 */
export class PasswordCredentialVerifier {
  // Computed once, eagerly, so that even the first miss costs exactly one verification.
  private readonly dummyHash: Promise<string>;

  constructor(private readonly hasher: IPasswordHasher) {
    this.dummyHash = hasher.hash(Password.parse(randomBytes(24).toString('base64url')));
  }

  async verify(storedHash: string | null, candidate: string): Promise<boolean> {
    if (storedHash !== null) return this.hasher.verify(storedHash, candidate);
    await this.hasher.verify(await this.dummyHash, candidate);
    return false;
  }
}

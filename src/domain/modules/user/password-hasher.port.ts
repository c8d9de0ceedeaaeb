import type { Password } from './password.value-object';

export interface IPasswordHasher {
  hash(password: Password): Promise<string>;
  /** False on a wrong password or an unreadable hash; never throws for a mismatch. */
  verify(hash: string, candidate: string): Promise<boolean>;
}

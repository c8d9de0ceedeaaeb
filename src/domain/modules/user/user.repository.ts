import type { Page, PageQuery } from '../../shared/pagination';
import type { Cpf } from './cpf.value-object';
import type { Email } from './email.value-object';
import type { User } from './user.entity';

export interface IUserRepository {
  findById(id: number): Promise<User | null>;
  /** `forUpdate` locks the row until the surrounding transaction ends (read-modify-write). */
  findByCpf(cpf: Cpf, options?: { forUpdate?: boolean }): Promise<User | null>;
  findByEmail(email: Email): Promise<User | null>;
  /** Stores a new user and returns it with its id; a duplicate CPF or email throws UserAlreadyExistsError. */
  create(user: User): Promise<User>;
  /** Writes the user's mutable fields; a duplicate email throws UserAlreadyExistsError. */
  update(user: User): Promise<User>;
  /** Active users in id order. */
  listActive(query: PageQuery<number>): Promise<Page<User, number>>;
  /** True when no user exists at all (first start of an empty database). */
  isEmpty(): Promise<boolean>;
}

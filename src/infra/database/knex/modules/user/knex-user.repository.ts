import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import type { Cpf } from '../../../../../domain/modules/user/cpf.value-object';
import type { Email } from '../../../../../domain/modules/user/email.value-object';
import type { User } from '../../../../../domain/modules/user/user.entity';
import { UserAlreadyExistsError, UserNotFoundError } from '../../../../../domain/modules/user/user.errors';
import type { IUserRepository } from '../../../../../domain/modules/user/user.repository';
import { pageFrom, type Page, type PageQuery } from '../../../../../domain/shared/pagination';
import { INFRA_TYPES } from '../../../../infra.types';
import type { KnexDbContext } from '../../knex-db-context';
import { isUniqueViolation } from '../../pg-errors';
import { UserMapper, type UserRow } from './user.mapper';

const COLUMNS = ['id', 'cpf', 'name', 'email', 'password_hash', 'role', 'is_active', 'identity_verified', 'created_at', 'updated_at'];

// Every cache miss of GET /v1/users/{cpf} runs it: written out once, it skips the query builder's
// compilation, which cost more than the rest of the knex call.
const BY_CPF = `SELECT ${COLUMNS.join(', ')} FROM users WHERE cpf = ? LIMIT 1`;

@injectable()
export class KnexUserRepository implements IUserRepository {
  constructor(@inject(INFRA_TYPES.KnexDbContext) private readonly context: KnexDbContext) {}

  private users(): Knex.QueryBuilder {
    return this.context.executor()('users');
  }

  async findById(id: number): Promise<User | null> {
    const row: UserRow | undefined = await this.users().select(COLUMNS).where({ id }).first();
    return row ? UserMapper.toEntity(row) : null;
  }

  async findByCpf(cpf: Cpf, options: { forUpdate?: boolean } = {}): Promise<User | null> {
    let row: UserRow | undefined;
    if (options.forUpdate) row = await this.users().select(COLUMNS).where({ cpf: cpf.value }).forUpdate().first();
    else ({ rows: [row] } = await this.context.executor().raw<{ rows: UserRow[] }>(BY_CPF, [cpf.value]));
    return row ? UserMapper.toEntity(row) : null;
  }

  async findByEmail(email: Email): Promise<User | null> {
    const row: UserRow | undefined = await this.users().select(COLUMNS).where({ email: email.value }).first();
    return row ? UserMapper.toEntity(row) : null;
  }

  async create(user: User): Promise<User> {
    try {
      const [row]: UserRow[] = await this.users().insert(UserMapper.toRow(user)).returning(COLUMNS);
      return UserMapper.toEntity(row);
    } catch (error) {
      // The unique indexes, not a prior read, are what make registration race-free.
      if (isUniqueViolation(error)) throw new UserAlreadyExistsError();
      throw error;
    }
  }

  async update(user: User): Promise<User> {
    const { cpf: _cpf, created_at: _createdAt, ...changes } = UserMapper.toRow(user);
    try {
      const [row]: UserRow[] = await this.users().where({ id: user.id }).update(changes).returning(COLUMNS);
      if (!row) throw new UserNotFoundError();
      return UserMapper.toEntity(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new UserAlreadyExistsError();
      throw error;
    }
  }

  async listActive(query: PageQuery<number>): Promise<Page<User, number>> {
    const rows: UserRow[] = await this.users()
      .select(COLUMNS)
      .where({ is_active: true })
      .modify((q) => {
        if (query.after !== undefined) q.where('id', '>', query.after);
      })
      .orderBy('id', 'asc')
      .limit(query.limit + 1);
    return pageFrom(rows.map(UserMapper.toEntity), query.limit, (user) => user.id as number);
  }

  async isEmpty(): Promise<boolean> {
    const row = await this.users().select('id').first();
    return row === undefined;
  }
}

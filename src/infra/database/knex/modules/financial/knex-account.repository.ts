import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import type { Account } from '../../../../../domain/modules/financial/account.entity';
import type { AccountCursor, IAccountRepository } from '../../../../../domain/modules/financial/account.repository';
import { BalanceLimitExceededError } from '../../../../../domain/modules/financial/financial.errors';
import { Money } from '../../../../../domain/modules/financial/money.value-object';
import { pageFrom, type Page, type PageQuery } from '../../../../../domain/shared/pagination';
import type { IClock } from '../../../../../domain/shared/clock.port';
import { SHARED_TYPES } from '../../../../../domain/shared/shared.types';
import { INFRA_TYPES } from '../../../../infra.types';
import { SystemClock } from '../../../../platform/system.clock';
import type { KnexDbContext } from '../../knex-db-context';
import { PG_CHECK_VIOLATION, sqlState } from '../../pg-errors';
import { ACCOUNT_COLUMNS, AccountMapper, type AccountRow } from './account.mapper';
import { toBigInt } from './bigint-column';

type BalanceRow = { balance: string | number | bigint };

// Releases the account's expired holds (locking the account row first), before a debit tests
// the available balance: an expired hold no longer reserves anything, swept or not.
const EXPIRE_HOLDS_SQL = 'SELECT ledger_expire_holds(?::uuid, ?) AS released';

// The columns of a read: the pending balance is what the holds still pending at this clock (the
// one parameter) reserve, so an expired hold stops counting at its expiry, before any sweeper
// records it (a withdrawal's hold has no expiry).
const READ_COLUMNS = `${ACCOUNT_COLUMNS.filter((c) => c !== 'pending_balance').join(', ')},
  (SELECT coalesce(sum(h.amount), 0) FROM holds h
     WHERE h.from_account_id = accounts.id AND h.status = 'pending' AND (h.expires_at IS NULL OR h.expires_at > ?)) AS pending_balance`;

// Every movement reads its accounts so (a transfer both in one query): written out once, the reads
// skip the query builder's compilation, which costs more than the rest of the call.
const READ = `SELECT ${READ_COLUMNS} FROM accounts`;

@injectable()
export class KnexAccountRepository implements IAccountRepository {
  constructor(
    @inject(INFRA_TYPES.KnexDbContext) private readonly context: KnexDbContext,
    @inject(SHARED_TYPES.IClock) private readonly clock: IClock = new SystemClock(),
  ) {}

  private accounts(): Knex.QueryBuilder {
    return this.context.executor()('accounts');
  }

  /** The columns of a read (READ_COLUMNS), for the queries the builder makes. */
  private readColumns(): Knex.Raw {
    return this.context.executor().raw(READ_COLUMNS, [this.clock.now()]);
  }

  async create(account: Account): Promise<Account> {
    const [row]: AccountRow[] = await this.accounts().insert(AccountMapper.toRow(account)).returning(ACCOUNT_COLUMNS);
    return AccountMapper.toEntity(row);
  }

  async findById(id: string): Promise<Account | null> {
    const [account] = await this.read('id = ?', [id]);
    return account ?? null;
  }

  async findByIds(ids: readonly string[]): Promise<Account[]> {
    if (ids.length === 0) return [];
    return this.read(`id IN (${ids.map(() => '?').join(', ')})`, ids);
  }

  private async read(where: string, values: readonly string[]): Promise<Account[]> {
    const { rows } = await this.context.executor().raw<{ rows: AccountRow[] }>(`${READ} WHERE ${where}`, [this.clock.now(), ...values]);
    return rows.map(AccountMapper.toEntity);
  }

  async findByOwner(ownerId: number, options: { forUpdate?: boolean } = {}): Promise<Account[]> {
    const query = this.accounts().select(this.readColumns()).where({ owner_id: ownerId }).orderBy('id');
    if (options.forUpdate) query.forUpdate();
    const rows: AccountRow[] = await query;
    return rows.map(AccountMapper.toEntity);
  }

  async list(filter: { ownerId?: number }, query: PageQuery<AccountCursor>): Promise<Page<Account, AccountCursor>> {
    const rows: AccountRow[] = await this.accounts()
      .select(this.readColumns())
      .where({ kind: 'customer' })
      .modify((q) => {
        if (filter.ownerId !== undefined) q.where({ owner_id: filter.ownerId });
        if (query.after) q.whereRaw('(created_at, id) > (?, ?)', [query.after.createdAt, query.after.id]);
      })
      .orderBy([{ column: 'created_at' }, { column: 'id' }])
      .limit(query.limit + 1);
    return pageFrom(rows.map(AccountMapper.toEntity), query.limit, (a) => ({ createdAt: a.createdAt, id: a.id }));
  }

  // The funds check and the debit are one statement: under concurrency the row lock serialises
  // debits, and each re-checks the balance it finds. Never split this into a read and a write.
  // Held money is not there to take: the test is on the available balance (posted less pending).
  async debit(accountId: string, money: Money, now: Date, options: { evenIfInactive?: boolean } = {}): Promise<Money | null> {
    await this.expireHolds(accountId, now);
    return this.changeBalance(
      `UPDATE accounts SET balance = balance - ?::bigint, updated_at = ?
        WHERE id = ? AND kind = 'customer' AND currency = ? AND (status = 'active' OR ?::boolean) AND balance - pending_balance >= ?::bigint
        RETURNING balance`,
      [money.amount.toString(), now, accountId, money.currency, options.evenIfInactive === true, money.amount.toString()],
      money.currency,
    );
  }

  async reserve(accountId: string, money: Money, now: Date): Promise<boolean> {
    await this.expireHolds(accountId, now);
    const { rows } = await this.context.executor().raw<{ rows: { id: string }[] }>(
      `UPDATE accounts SET pending_balance = pending_balance + ?::bigint, updated_at = ?
        WHERE id = ? AND kind = 'customer' AND currency = ? AND status = 'active' AND balance - pending_balance >= ?::bigint
        RETURNING id`,
      [money.amount.toString(), now, accountId, money.currency, money.amount.toString()],
    );
    return rows.length === 1;
  }

  async release(accountId: string, money: Money, now: Date): Promise<void> {
    // The CHECK (pending_balance >= 0) refuses a release of more than is held: a defect, never silent.
    await this.context
      .executor()
      .raw('UPDATE accounts SET pending_balance = pending_balance - ?::bigint, updated_at = ? WHERE id = ? AND currency = ?', [
        money.amount.toString(),
        now,
        accountId,
        money.currency,
      ]);
  }

  async lock(ids: readonly string[]): Promise<void> {
    // Ascending id: the global lock order of every movement (LedgerTransaction.postingOrder). NO KEY
    // UPDATE, as a balance UPDATE takes: a plain FOR UPDATE would also block the key-share lock a
    // hold being placed takes on its destination (its foreign key), and deadlock with that placement.
    await this.accounts().select('id').whereIn('id', [...ids]).orderBy('id').forNoKeyUpdate();
  }

  async expireHolds(accountId: string, now: Date): Promise<number> {
    const { rows } = await this.context.executor().raw<{ rows: { released: number | string }[] }>(EXPIRE_HOLDS_SQL, [accountId, now]);
    return Number(rows[0].released);
  }

  async credit(accountId: string, money: Money, now: Date, options: { evenIfClosed?: boolean } = {}): Promise<Money | null> {
    return this.changeBalance(
      `UPDATE accounts SET balance = balance + ?::bigint, updated_at = ?
        WHERE id = ? AND kind = 'customer' AND currency = ? AND (status <> 'closed' OR ?::boolean)
        RETURNING balance`,
      [money.amount.toString(), now, accountId, money.currency, options.evenIfClosed === true],
      money.currency,
    );
  }

  // Created on first use: no start-up step, no read-then-insert race between instances. The busy
  // path is the UPDATE alone; a shard not there yet is inserted empty with ON CONFLICT DO NOTHING
  // (which, unlike ON CONFLICT (id) DO UPDATE, waits out a concurrent insert on every unique index,
  // (id, currency) included), then updated. The CHECK accounts_settlement_id_check keeps system
  // rows to the currency's shard ids.
  async postToSettlement(settlementId: string, amount: Money, now: Date): Promise<Money> {
    const update = () =>
      this.changeBalance(
        `UPDATE accounts SET balance = balance + ?::bigint, updated_at = ? WHERE id = ? AND kind = 'system' AND currency = ? RETURNING balance`,
        [amount.amount.toString(), now, settlementId, amount.currency],
        amount.currency,
      );
    const balance = await update();
    if (balance) return balance;
    await this.context
      .executor()
      .raw(
        `INSERT INTO accounts (id, kind, owner_id, currency, status, balance, created_at, updated_at)
         VALUES (?, 'system', NULL, ?, 'active', 0, ?, ?) ON CONFLICT DO NOTHING`,
        [settlementId, amount.currency, now, now],
      );
    return (await update()) as Money;
  }

  async close(accountId: string, now: Date): Promise<Account | null> {
    const [row]: AccountRow[] = await this.accounts()
      .where({ id: accountId, kind: 'customer' })
      .whereNot({ status: 'closed' })
      .where('balance', 0)
      .update({ status: 'closed', updated_at: now })
      .returning(ACCOUNT_COLUMNS);
    return row ? AccountMapper.toEntity(row) : null;
  }

  async updateStatus(account: Account): Promise<void> {
    await this.accounts().where({ id: account.id }).update({ status: account.status, updated_at: account.updatedAt });
  }

  private async changeBalance(sql: string, bindings: readonly Knex.Value[], currency: string): Promise<Money | null> {
    try {
      const { rows } = await this.context.executor().raw<{ rows: BalanceRow[] }>(sql, bindings);
      return rows.length ? Money.of(toBigInt(rows[0].balance), currency) : null;
    } catch (error) {
      if (sqlState(error) === PG_CHECK_VIOLATION && (error as { constraint?: string }).constraint === 'accounts_balance_limit_check') {
        throw new BalanceLimitExceededError();
      }
      throw error;
    }
  }
}

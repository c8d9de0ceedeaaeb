import { expect } from 'chai';
import type { Knex } from 'knex';
import { Account, settlementAccountId } from '../../../../../../src/domain/modules/financial/account.entity';
import { BalanceLimitExceededError } from '../../../../../../src/domain/modules/financial/financial.errors';
import { MAX_BALANCE, Money } from '../../../../../../src/domain/modules/financial/money.value-object';
import { KnexDbContext } from '../../../../../../src/infra/database/knex/knex-db-context';
import { AccountMapper } from '../../../../../../src/infra/database/knex/modules/financial/account.mapper';
import { KnexAccountRepository } from '../../../../../../src/infra/database/knex/modules/financial/knex-account.repository';
import { anAccount } from '../../../../../builders/account.builder';
import { aCpf } from '../../../../../helpers/cpf';
import { useMigratedDatabase, usingPostgres } from '../../../../../helpers/database';

const NOW = new Date('2026-04-05T06:07:08.000Z');
const brl = (amount: bigint) => Money.of(amount, 'BRL');

describe('KnexAccountRepository', () => {
  const database = useMigratedDatabase();
  let db: Knex;
  let accounts: KnexAccountRepository;
  let ownerId: number;

  beforeEach(async () => {
    db = database.db;
    accounts = new KnexAccountRepository(new KnexDbContext(db));
    ownerId = await storeOwner();
  });

  async function storeOwner(): Promise<number> {
    const cpf = aCpf();
    const [{ id }] = await db('users').insert({ cpf, name: 'Owner', email: `owner.${cpf}@example.com` }).returning('id');
    return id;
  }

  async function stored(balance = 0n, status: 'active' | 'frozen' | 'closed' = 'active'): Promise<Account> {
    return accounts.create(anAccount().ownedBy(ownerId).withBalance(balance).withStatus(status).build());
  }

  const balanceOf = async (id: string) => BigInt((await db('accounts').where({ id }).first()).balance);

  describe('mapping', () => {
    it('round-trips every field, the balance as an exact bigint up to 2^53 - 1', async () => {
      const account = await stored();
      await db('accounts').where({ id: account.id }).update({ balance: MAX_BALANCE.toString() });
      const found = (await accounts.findById(account.id))!;
      expect(found.balance.amount).to.equal(9_007_199_254_740_991n);
      expect(found).to.include({ id: account.id, ownerId, currency: 'BRL', status: 'active', kind: 'customer' });
      expect(found.createdAt.toISOString()).to.equal(account.createdAt.toISOString());
    });

    it('the mapper writes amounts as decimal strings and reads strings, numbers and bigints alike', () => {
      const account = anAccount().withBalance(MAX_BALANCE).build();
      const row = AccountMapper.toRow(account);
      expect(row.balance).to.equal('9007199254740991');
      for (const balance of ['9007199254740991', 9007199254740991, 9007199254740991n]) {
        expect(AccountMapper.toEntity({ ...row, balance }).balance.amount).to.equal(MAX_BALANCE);
      }
      expect(() => AccountMapper.toEntity({ ...row, balance: 2 ** 60 })).to.throw(RangeError);
    });

    it('answers null for an unknown id', async () => {
      expect(await accounts.findById('99999999-9999-4999-8999-999999999999')).to.equal(null);
    });
  });

  describe('debit: one conditional statement', () => {
    it('takes money out and answers the balance after', async () => {
      const account = await stored(100n);
      expect((await accounts.debit(account.id, brl(100n), NOW))?.amount).to.equal(0n);
      expect(await balanceOf(account.id)).to.equal(0n);
    });

    for (const [name, balance, status, money] of [
      ['insufficient funds', 99n, 'active', brl(100n)],
      ['a frozen account', 500n, 'frozen', brl(1n)],
      ['a closed account', 0n, 'closed', brl(1n)],
      ['another currency', 500n, 'active', Money.of(1n, 'USD')],
    ] as const) {
      it(`refuses ${name} (null) and changes nothing`, async () => {
        const account = await stored(balance, status);
        expect(await accounts.debit(account.id, money, NOW)).to.equal(null);
        expect(await balanceOf(account.id)).to.equal(balance);
      });
    }

    it('refuses a system account', async () => {
      await accounts.postToSettlement(settlementAccountId('BRL'), brl(50n), NOW);
      expect(await accounts.debit(settlementAccountId('BRL'), brl(1n), NOW)).to.equal(null);
    });
  });

  describe('credit', () => {
    it('puts money into active and frozen accounts', async () => {
      const active = await stored(1n);
      const frozen = await stored(0n, 'frozen');
      expect((await accounts.credit(active.id, brl(9n), NOW))?.amount).to.equal(10n);
      expect((await accounts.credit(frozen.id, brl(9n), NOW))?.amount).to.equal(9n);
    });

    it('refuses a closed account, unless compensating', async () => {
      const closed = await stored(0n, 'closed');
      expect(await accounts.credit(closed.id, brl(5n), NOW)).to.equal(null);
      expect((await accounts.credit(closed.id, brl(5n), NOW, { evenIfClosed: true }))?.amount).to.equal(5n);
    });

    it('refuses to go beyond 2^53 - 1 (BALANCE_LIMIT_EXCEEDED)', async () => {
      const account = await stored();
      await db('accounts').where({ id: account.id }).update({ balance: (MAX_BALANCE - 10n).toString() });
      const failure = await accounts.credit(account.id, brl(11n), NOW).catch((e: unknown) => e);
      expect(failure).to.be.instanceOf(BalanceLimitExceededError);
      expect((await accounts.credit(account.id, brl(10n), NOW))?.amount).to.equal(MAX_BALANCE);
    });
  });

  describe('settlement account', () => {
    it('is created by its first movement and may go negative', async () => {
      const id = settlementAccountId('BRL');
      expect(await accounts.findById(id)).to.equal(null);
      expect((await accounts.postToSettlement(id, brl(-300n), NOW)).amount).to.equal(-300n);
      expect((await accounts.postToSettlement(id, brl(100n), NOW)).amount).to.equal(-200n);
      const settlement = (await accounts.findById(id))!;
      expect(settlement).to.include({ kind: 'system', ownerId: null, currency: 'BRL', status: 'active' });
      expect(await db('accounts').where({ kind: 'system' }).select('id')).to.deep.equal([{ id }]);
    });

    (usingPostgres() ? it : it.skip)('is created once by movements racing through it first, each of them applied (PostgreSQL only: PGlite has one connection)', async () => {
      const id = settlementAccountId('BRL', 4);
      const balances = await Promise.all(Array.from({ length: 12 }, (_, i) => accounts.postToSettlement(id, brl(BigInt(-1 - i)), NOW)));
      expect(balances.map((b) => b.amount).sort((x, y) => Number(x - y))[0]).to.equal(-78n);
      expect(await db('accounts').where({ kind: 'system' }).pluck('id')).to.deep.equal([id]);
      expect((await accounts.findById(id))?.balance.amount).to.equal(-78n);
    });

    it('in shards per currency, each its own balance', async () => {
      await accounts.postToSettlement(settlementAccountId('BRL', 0), brl(1n), NOW);
      await accounts.postToSettlement(settlementAccountId('BRL', 15), brl(-7n), NOW);
      await accounts.postToSettlement(settlementAccountId('USD', 3), Money.of(2n, 'USD'), NOW);
      const rows = await db('accounts').where({ kind: 'system' }).orderBy('id').select('id', 'currency', 'balance');
      expect(rows.map((r: { id: string; currency: string; balance: string | number }) => [r.id, r.currency, Number(r.balance)])).to.deep.equal([
        [settlementAccountId('BRL', 0), 'BRL', 1],
        [settlementAccountId('USD', 3), 'USD', 2],
        [settlementAccountId('BRL', 15), 'BRL', -7],
      ]);
    });

    it('only at its currency\'s shard ids: any other system account is refused', async () => {
      const refused = (id: string, currency = 'BRL') =>
        db('accounts')
          .insert({ id, kind: 'system', owner_id: null, currency, status: 'active', balance: 0, created_at: NOW, updated_at: NOW })
          .catch((e: unknown) => e);
      expect(await refused('5f0c6c0e-1b7e-4c2a-9d53-1b2c3d4e5f60')).to.have.property('constraint', 'accounts_settlement_id_check');
      expect(await refused(settlementAccountId('USD', 1))).to.have.property('constraint', 'accounts_settlement_id_check');
      expect(await refused('00000000-0000-4000-8010-00000042524c')).to.have.property('constraint', 'accounts_settlement_id_check');
      expect(await refused(settlementAccountId('USD', 1), 'USD')).to.not.be.instanceOf(Error);
      expect(await db('accounts').where({ kind: 'system' }).pluck('id')).to.deep.equal([settlementAccountId('USD', 1)]);
    });
  });

  describe('constraints that hold even for a buggy caller', () => {
    it('a customer balance can never be written negative', async () => {
      const account = await stored(5n);
      const failure = await db('accounts').where({ id: account.id }).update({ balance: -1 }).catch((e: unknown) => e);
      expect(failure).to.have.property('code', '23514');
      // Two CHECKs refuse it (posted, and posted less pending); PostgreSQL names the first it tests.
      expect((failure as { constraint?: string }).constraint).to.be.oneOf(['accounts_customer_balance_check', 'accounts_customer_available_check']);
    });

    it('a customer can never hold more than its balance, nor a negative amount; a system account holds nothing', async () => {
      const account = await stored(5n);
      const refused = (update: Record<string, number>) => db('accounts').where({ id: account.id }).update(update).catch((e: unknown) => e);
      expect(await refused({ pending_balance: 6 })).to.have.property('constraint', 'accounts_customer_available_check');
      expect(await refused({ pending_balance: -1 })).to.have.property('constraint', 'accounts_pending_balance_check');
      await accounts.postToSettlement(settlementAccountId('BRL'), Money.of(10n, 'BRL'), new Date());
      const settlement = await db('accounts').where({ id: settlementAccountId('BRL') }).update({ pending_balance: 1 }).catch((e: unknown) => e);
      expect(settlement).to.have.property('constraint', 'accounts_pending_balance_check');
      expect((await db('accounts').where({ id: account.id }).update({ pending_balance: 5 }))).to.equal(1);
    });

    it('status and currency must be valid; a customer account has an owner, a system one none', async () => {
      const account = await stored();
      expect(await db('accounts').where({ id: account.id }).update({ status: 'open' }).catch((e: unknown) => e)).to.have.property('code', '23514');
      expect(await db('accounts').where({ id: account.id }).update({ currency: 'brl' }).catch((e: unknown) => e)).to.have.property('code', '23514');
      expect(await db('accounts').where({ id: account.id }).update({ owner_id: null }).catch((e: unknown) => e)).to.have.property('code', '23514');
    });
  });

  describe('close', () => {
    it('closes an empty account', async () => {
      const account = await stored();
      expect((await accounts.close(account.id, NOW))?.status).to.equal('closed');
    });

    it('refuses one holding money or already closed (null)', async () => {
      expect(await accounts.close((await stored(1n)).id, NOW)).to.equal(null);
      expect(await accounts.close((await stored(0n, 'closed')).id, NOW)).to.equal(null);
    });
  });

  describe('listing', () => {
    it('pages customer accounts oldest first, optionally for one owner, never system accounts', async () => {
      const other = await storeOwner();
      const created: Account[] = [];
      for (let i = 0; i < 5; i++) {
        created.push(await accounts.create(anAccount().ownedBy(i % 2 ? other : ownerId).createdAt(new Date(NOW.getTime() + i * 1000)).build()));
      }
      await accounts.postToSettlement(settlementAccountId('BRL'), brl(1n), NOW);

      const first = await accounts.list({}, { limit: 3 });
      expect(first.items.map((a) => a.id)).to.deep.equal(created.slice(0, 3).map((a) => a.id));
      const second = await accounts.list({}, { limit: 3, after: first.nextKey! });
      expect(second.items.map((a) => a.id)).to.deep.equal(created.slice(3).map((a) => a.id));
      expect(second.nextKey).to.equal(null);

      const mine = await accounts.list({ ownerId }, { limit: 10 });
      expect(mine.items.map((a) => a.id)).to.deep.equal([created[0].id, created[2].id, created[4].id]);
      expect((await accounts.findByOwner(other, { forUpdate: true })).map((a) => a.id).sort()).to.deep.equal([created[1].id, created[3].id].sort());
    });
  });

  it('updateStatus writes the status', async () => {
    const account = await stored();
    account.freeze(NOW);
    await accounts.updateStatus(account);
    expect((await accounts.findById(account.id))?.status).to.equal('frozen');
  });
});

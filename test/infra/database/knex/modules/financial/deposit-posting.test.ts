import pino from 'pino';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { settlementAccountFor, type Account } from '../../../../../../src/domain/modules/financial/account.entity';
import { BalanceLimitExceededError } from '../../../../../../src/domain/modules/financial/financial.errors';
import { transactionPosted } from '../../../../../../src/domain/modules/financial/financial.events';
import { LedgerTransaction } from '../../../../../../src/domain/modules/financial/ledger-transaction.entity';
import { Money } from '../../../../../../src/domain/modules/financial/money.value-object';
import { KnexDbContext } from '../../../../../../src/infra/database/knex/knex-db-context';
import { KnexUnitOfWork } from '../../../../../../src/infra/database/knex/knex-unit-of-work';
import { KnexEventOutbox } from '../../../../../../src/infra/database/knex/outbox/knex-event-outbox';
import { OutboxSignal } from '../../../../../../src/infra/events/outbox-signal';
import { KnexAccountRepository } from '../../../../../../src/infra/database/knex/modules/financial/knex-account.repository';
import { KnexLedgerRepository } from '../../../../../../src/infra/database/knex/modules/financial/knex-ledger.repository';
import { LedgerPoster } from '../../../../../../src/infra/services/financial/ledger-poster';
import { anAccount } from '../../../../../builders/account.builder';
import { aCpf } from '../../../../../helpers/cpf';
import { useMigratedDatabase, usingPostgres } from '../../../../../helpers/database';

const brl = (amount: bigint) => Money.of(amount, 'BRL');
const NOW = new Date('2026-07-01T06:07:08.000Z');
const clock = { now: () => NOW };

/** ledger_post_deposit: the credit, the settlement debit and the rows in one statement. */
describe('deposit posting (one statement)', () => {
  const database = useMigratedDatabase();
  let db: Knex;
  let ledger: KnexLedgerRepository;
  let accounts: KnexAccountRepository;
  let uow: KnexUnitOfWork;
  let poster: LedgerPoster;
  let alice: Account;

  beforeEach(async () => {
    db = database.db;
    const context = new KnexDbContext(db);
    accounts = new KnexAccountRepository(context);
    ledger = new KnexLedgerRepository(context);
    uow = new KnexUnitOfWork(context);
    poster = new LedgerPoster(accounts, ledger, clock, pino({ level: 'silent' }), new KnexEventOutbox(context, clock, new OutboxSignal()));
    const cpf = aCpf();
    const [{ id }] = await db('users').insert({ cpf, name: 'Owner', email: `owner.${cpf}@example.com` }).returning('id');
    alice = await accounts.create(anAccount().ownedBy(id).build());
  });

  const deposit = (account: Account, amount: bigint) =>
    LedgerTransaction.deposit({ id: crypto.randomUUID(), account, money: brl(amount), gatewayKey: `k-${amount}`, gatewayReference: `ch_${amount}`, now: NOW });
  const balanceOf = async (id: string) => BigInt((await db('accounts').where({ id }).first('balance')).balance);

  it('credits the account, creates and debits the settlement account, and stores the rows as the generic path would', async () => {
    const SETTLEMENT = settlementAccountFor(alice.id, 'BRL');
    const first = await uow.transaction(() => poster.postDeposit(deposit(alice, 300n)));
    const second = await uow.transaction(() => poster.postDeposit(deposit(alice, 200n)));
    expect(first.entries.map((e) => [e.accountId, e.balanceAfter?.amount])).to.deep.equal([
      [alice.id, 300n],
      [SETTLEMENT, -300n],
    ]);
    expect(second.entries.map((e) => e.balanceAfter?.amount)).to.deep.equal([500n, -500n]);
    expect([await balanceOf(alice.id), await balanceOf(SETTLEMENT)]).to.deep.equal([500n, -500n]);
    const stored = await ledger.findById(second.id);
    expect(stored?.type).to.equal('deposit');
    expect([stored?.gatewayKey, stored?.gatewayReference, stored?.payoutState, stored?.createdAt.toISOString()]).to.deep.equal(['k-200', 'ch_200', null, NOW.toISOString()]);
    expect(stored?.entries.map((e) => [e.accountId, e.amount.amount, e.balanceAfter?.amount])).to.deep.equal([
      [alice.id, 200n, 500n],
      [SETTLEMENT, -200n, -500n],
    ]);
    expect((await ledger.verify()).balanced).to.equal(true);
    const events = await db('outbox_events').orderBy('seq').select('type', 'ordering_keys', db.raw("data->>'id' AS id"));
    expect(events, 'one event per deposit, ordered with the customer account only').to.deep.equal([
      { type: 'transaction.posted', ordering_keys: [alice.id], id: first.id },
      { type: 'transaction.posted', ordering_keys: [alice.id], id: second.id },
    ]);
  });

  it('credits a frozen or closed account: the charge was captured, the money has arrived', async () => {
    await db('accounts').where({ id: alice.id }).update({ status: 'closed' });
    await uow.transaction(() => poster.postDeposit(deposit(alice, 300n)));
    expect(await balanceOf(alice.id)).to.equal(300n);
  });

  it('refuses an account that is gone, writing nothing, not even the settlement account', async () => {
    const ghost = anAccount().ownedBy(1).build();
    const refused = deposit(ghost, 300n);
    const posting = await uow.transaction(() => ledger.postDeposit(refused, { event: transactionPosted(refused), outcome: null }));
    expect(posting).to.deep.equal({ kind: 'refused' });
    const [{ events }] = await db('outbox_events').count<{ events: string | number }[]>({ events: '*' });
    expect(Number(events), 'no event for a refused deposit').to.equal(0);
    expect(await db('accounts').where({ kind: 'system' }).first()).to.equal(undefined);
    const [{ n }] = await db('ledger_transactions').count<{ n: string | number }[]>({ n: '*' });
    expect(Number(n)).to.equal(0);
  });

  it('answers BalanceLimitExceededError when the credit would pass 2^53 - 1, writing nothing', async () => {
    await db('accounts').where({ id: alice.id }).update({ balance: '9007199254740990' });
    const failure = await uow.transaction(() => poster.postDeposit(deposit(alice, 2n))).catch((e: unknown) => e);
    expect(failure).to.be.instanceOf(BalanceLimitExceededError);
    expect(await balanceOf(alice.id)).to.equal(9007199254740990n);
  });

  (usingPostgres() ? it : it.skip)('creates a settlement shard once when its first deposits race, each of them posted (PostgreSQL only: PGlite has one connection)', async () => {
    // Twelve accounts of one shard, none of whose deposits waits on another's customer row.
    const shard = settlementAccountFor(alice.id, 'BRL');
    const owner = alice.ownerId as number;
    const racing: Account[] = [];
    while (racing.length < 12) {
      const id = crypto.randomUUID();
      if (settlementAccountFor(id, 'BRL') === shard) racing.push(await accounts.create(anAccount().withId(id).ownedBy(owner).build()));
    }
    const deposits = racing.map((account, i) => deposit(account, BigInt(10 + i)));
    // Each on its own connection, on its own (no unit of work): the shard's first inserts race.
    const posted = await Promise.all(deposits.map((d) => poster.postDeposit(d)));
    expect(posted.map((p) => p.entries[1].accountId)).to.deep.equal(racing.map(() => shard));
    for (const [i, account] of racing.entries()) expect(await balanceOf(account.id)).to.equal(BigInt(10 + i));
    expect(await balanceOf(shard)).to.equal(-deposits.reduce((sum, d) => sum + d.amount.amount, 0n));
    expect((await ledger.verify()).balanced).to.equal(true);
  });
});

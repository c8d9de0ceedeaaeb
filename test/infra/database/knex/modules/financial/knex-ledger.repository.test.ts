import { debitedWithdrawal } from '../../../../../builders/debited-withdrawal';
import pino from 'pino';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { settlementAccountFor, type Account } from '../../../../../../src/domain/modules/financial/account.entity';
import { AlreadyReversedError } from '../../../../../../src/domain/modules/financial/financial.errors';
import { LedgerTransaction } from '../../../../../../src/domain/modules/financial/ledger-transaction.entity';
import { Money } from '../../../../../../src/domain/modules/financial/money.value-object';
import { KnexDbContext } from '../../../../../../src/infra/database/knex/knex-db-context';
import { KnexUnitOfWork } from '../../../../../../src/infra/database/knex/knex-unit-of-work';
import { KnexAccountRepository } from '../../../../../../src/infra/database/knex/modules/financial/knex-account.repository';
import { KnexLedgerRepository } from '../../../../../../src/infra/database/knex/modules/financial/knex-ledger.repository';
import { verifyLedger } from '../../../../../../src/infra/database/knex/modules/financial/ledger-integrity.query';
import { LedgerPoster } from '../../../../../../src/infra/services/financial/ledger-poster';
import { anAccount } from '../../../../../builders/account.builder';
import { aCpf } from '../../../../../helpers/cpf';
import { useMigratedDatabase } from '../../../../../helpers/database';
import { RecordingOutbox } from '../../../../../doubles/recording-outbox';

const brl = (amount: bigint) => Money.of(amount, 'BRL');
let clockTime = Date.parse('2026-04-05T06:07:08.000Z');
const clock = { now: () => new Date((clockTime += 1000)) };

describe('KnexLedgerRepository', () => {
  const database = useMigratedDatabase();
  let db: Knex;
  let context: KnexDbContext;
  let accounts: KnexAccountRepository;
  let ledger: KnexLedgerRepository;
  let poster: LedgerPoster;
  let uow: KnexUnitOfWork;
  let alice: Account;
  let bob: Account;

  beforeEach(async () => {
    db = database.db;
    context = new KnexDbContext(db);
    accounts = new KnexAccountRepository(context);
    ledger = new KnexLedgerRepository(context);
    poster = new LedgerPoster(accounts, ledger, clock, pino({ level: 'silent' }), new RecordingOutbox());
    uow = new KnexUnitOfWork(context);
    alice = await accounts.create(anAccount().ownedBy(await storeOwner()).build());
    bob = await accounts.create(anAccount().ownedBy(await storeOwner()).build());
  });

  async function storeOwner(): Promise<number> {
    const cpf = aCpf();
    const [{ id }] = await db('users').insert({ cpf, name: 'Owner', email: `owner.${cpf}@example.com` }).returning('id');
    return id;
  }

  const post = (tx: LedgerTransaction) => uow.transaction(() => poster.post(tx));
  const deposit = (account: Account, amount: bigint) =>
    post(LedgerTransaction.deposit({ id: crypto.randomUUID(), account, money: brl(amount), gatewayKey: `k-${amount}`, gatewayReference: `ch-${crypto.randomUUID()}`, now: clock.now() }));
  /** As GatewayDebit puts back a debit whose gateway call failed: the reversal and the state together. */
  const putBack = (debit: LedgerTransaction) =>
    uow.transaction(async () => {
      const reversal = await poster.post(debit.reverse({ id: crypto.randomUUID(), now: clock.now() }));
      await ledger.recordPayoutReturned(debit.id);
      return reversal;
    });
  const transfer = (from: Account, to: Account, amount: bigint, description?: string) =>
    post(LedgerTransaction.transfer({ id: crypto.randomUUID(), from, to, money: brl(amount), description, now: clock.now() }));

  it('stores a posted transaction and reads it back exactly, bigints included', async () => {
    const posted = await deposit(alice, 10n ** 12n);
    const again = await deposit(alice, 10n ** 12n);
    const found = (await ledger.findById(again.id))!;
    expect(found.entries.map((e) => [e.accountId, e.amount.amount, e.balanceAfter?.amount])).to.deep.equal([
      [alice.id, 10n ** 12n, 2n * 10n ** 12n],
      [settlementAccountFor(alice.id, 'BRL'), -(10n ** 12n), -2n * 10n ** 12n],
    ]);
    expect(found).to.include({ id: again.id, type: 'deposit', gatewayKey: again.gatewayKey, gatewayReference: again.gatewayReference, reversedById: null });
    expect(found.createdAt.toISOString()).to.equal(again.createdAt.toISOString());
    expect(posted.id).to.not.equal(again.id);
    expect(await ledger.findById('99999999-9999-4999-8999-999999999999')).to.equal(null);
  });

  it('links a reversal to the original, once: a second reversal is refused by the unique index', async () => {
    await deposit(alice, 100n);
    await deposit(bob, 100n);
    const original = await transfer(alice, bob, 40n);
    const reversal = await post(original.reverse({ id: crypto.randomUUID(), now: clock.now() }));
    expect((await ledger.findById(original.id))?.reversedById).to.equal(reversal.id);
    // A second reversal built from the stale (not yet reversed) copy: only the database can stop it.
    const failure = await post(original.reverse({ id: crypto.randomUUID(), now: clock.now() })).catch((e: unknown) => e);
    expect(failure).to.be.instanceOf(AlreadyReversedError);
    expect(BigInt((await db('accounts').where({ id: alice.id }).first()).balance)).to.equal(100n);
    expect(BigInt((await db('accounts').where({ id: bob.id }).first()).balance)).to.equal(100n);
  });

  describe('statement', () => {
    it('lists the account’s entries newest first with running balances and counterparties, paged by keyset', async () => {
      await deposit(alice, 1_000n);
      await transfer(alice, bob, 300n, 'rent');
      await transfer(bob, alice, 50n);
      const first = await ledger.statement(alice.id, { limit: 2 });
      expect(first.items.map((l) => [l.type, l.amount.amount, l.balanceAfter.amount, l.counterpartyAccountId, l.description])).to.deep.equal([
        ['transfer', 50n, 750n, bob.id, null],
        ['transfer', -300n, 700n, bob.id, 'rent'],
      ]);
      expect(first.nextKey).to.be.a('string');
      const second = await ledger.statement(alice.id, { limit: 2, after: first.nextKey! });
      expect(second.items.map((l) => [l.type, l.amount.amount, l.balanceAfter.amount, l.counterpartyAccountId])).to.deep.equal([['deposit', 1_000n, 1_000n, settlementAccountFor(alice.id, 'BRL')]]);
      expect(second.nextKey).to.equal(null);
      expect((await ledger.statement(bob.id, { limit: 10 })).items.map((l) => l.balanceAfter.amount)).to.deep.equal([250n, 300n]);
    });
  });

  describe('immutability, enforced by the database', () => {
    beforeEach(async () => {
      await deposit(alice, 100n);
    });

    it('entries cannot be updated or deleted', async () => {
      expect(await db('ledger_entries').update({ amount: 1 }).catch((e: unknown) => e)).to.have.property('message').that.matches(/immutable/);
      expect(await db('ledger_entries').delete().catch((e: unknown) => e)).to.have.property('message').that.matches(/immutable/);
      expect(await db('ledger_entries').count<{ n: string }[]>({ n: '*' })).to.satisfy((rows: { n: string }[]) => Number(rows[0].n) === 2);
    });

    it('transactions cannot be deleted, nor changed except to record a missing gateway reference once', async () => {
      const [{ id }] = await db('ledger_transactions').select('id');
      expect(await db('ledger_transactions').delete().catch((e: unknown) => e)).to.have.property('message').that.matches(/immutable/);
      expect(await db('ledger_transactions').update({ description: 'edited' }).catch((e: unknown) => e)).to.have.property('message').that.matches(/immutable/);
      expect(await db('ledger_transactions').update({ gateway_reference: 'other' }).catch((e: unknown) => e)).to.have.property('message').that.matches(/immutable/);

      const withdrawal = await post(debitedWithdrawal({ id: crypto.randomUUID(), account: alice, money: brl(10n), gatewayKey: 'k', now: clock.now() }));
      await ledger.recordPayoutPaid(withdrawal.id, 'po_1');
      await ledger.recordPayoutPaid(withdrawal.id, 'po_2');
      expect((await ledger.findById(withdrawal.id))?.gatewayReference).to.equal('po_1');
      expect((await ledger.findById(withdrawal.id))?.payoutState).to.equal('paid');
      expect(id).to.be.a('string');
    });

    it('an entry of zero, or in another currency than its account, is refused', async () => {
      const [{ id }] = await db('ledger_transactions').select('id');
      const row = { transaction_id: id, account_id: bob.id, currency: 'BRL', amount: 0, balance_after: 0, created_at: clock.now() };
      expect(await db('ledger_entries').insert(row).catch((e: unknown) => e)).to.have.property('code', '23514');
      expect(await db('ledger_entries').insert({ ...row, amount: 1, currency: 'USD' }).catch((e: unknown) => e)).to.have.property('code', '23503');
    });

    it('a transaction that does not sum to zero never commits', async () => {
      const id = crypto.randomUUID();
      const failure = await db
        .transaction(async (trx) => {
          await trx('ledger_transactions').insert({ id, type: 'transfer', created_at: clock.now() });
          await trx('ledger_entries').insert({ transaction_id: id, account_id: bob.id, currency: 'BRL', amount: 5, balance_after: 5, created_at: clock.now() });
        })
        .catch((e: unknown) => e);
      expect(failure).to.have.property('message').that.matches(/does not balance/);
      expect(await db('ledger_transactions').where({ id })).to.deep.equal([]);
    });
  });

  describe('refunds', () => {
    const refundOf = (credited: LedgerTransaction, amount: bigint, already: bigint) =>
      uow.transaction(() => poster.post(credited.refund({ id: crypto.randomUUID(), money: brl(amount), alreadyRefunded: brl(already), gatewayKey: `r-${amount}`, now: clock.now() })));

    it('stores the deposit a refund names, and sums the refunds of a deposit, leaving out those put back', async () => {
      const credited = await deposit(alice, 500n);
      expect((await ledger.refundedAmount(credited.id, 'BRL')).amount).to.equal(0n);
      const first = await refundOf(credited, 100n, 0n);
      const second = await refundOf(credited, 150n, 100n);
      expect((await ledger.findById(first.id))?.refundsId).to.equal(credited.id);
      expect((await ledger.refundedAmount(credited.id, 'BRL')).amount).to.equal(250n);
      await putBack(second);
      expect((await ledger.refundedAmount(credited.id, 'BRL')).amount).to.equal(100n);
    });

    it('keeps refunds_id immutable, like every column but a payout’s reference', async () => {
      const credited = await deposit(alice, 500n);
      const refund = await refundOf(credited, 100n, 0n);
      const other = await deposit(bob, 10n);
      const failure = await db('ledger_transactions').where({ id: refund.id }).update({ refunds_id: other.id }).catch((e: unknown) => e);
      expect(failure).to.have.property('message').that.matches(/immutable/);
      await ledger.recordPayoutPaid(refund.id, 're_1');
      expect((await ledger.findById(refund.id))?.gatewayReference).to.equal('re_1');
      expect((await ledger.findById(refund.id))?.payoutState).to.equal('paid');
    });

    it('refuses a refund row without the deposit it refunds, and a refunds_id on any other type', async () => {
      const credited = await deposit(alice, 500n);
      for (const row of [
        { id: crypto.randomUUID(), type: 'refund', payout_state: 'awaiting', created_at: clock.now() },
        { id: crypto.randomUUID(), type: 'transfer', refunds_id: credited.id, created_at: clock.now() },
      ]) {
        expect(await db('ledger_transactions').insert(row).catch((e: unknown) => e)).to.have.property('constraint', 'ledger_transactions_refund_check');
      }
    });

    it('reads a transaction under a row lock inside a unit of work', async () => {
      const credited = await deposit(alice, 500n);
      const locked = await uow.transaction(() => ledger.findById(credited.id, { forUpdate: true }));
      expect(locked?.id).to.equal(credited.id);
      expect(await uow.transaction(() => ledger.findById(crypto.randomUUID(), { forUpdate: true }))).to.equal(null);
    });
  });

  describe('verify', () => {
    it('passes on a consistent ledger', async () => {
      await deposit(alice, 500n);
      await transfer(alice, bob, 200n);
      expect(await ledger.verify()).to.deep.equal({
        balanced: true,
        accountsChecked: 3,
        transactionsChecked: 2,
        problems: [],
        pendingWithdrawals: { count: 0, items: [] },
        pendingRefunds: { count: 0, items: [] },
        closedAccountsWithBalance: { count: 0, items: [] },
      });
    });

    it('lists refunds left without a gateway result, and closed accounts holding money, without calling the ledger unbalanced', async () => {
      const credited = await deposit(alice, 1_000n);
      const refund = await uow.transaction(() =>
        poster.post(credited.refund({ id: crypto.randomUUID(), money: brl(100n), alreadyRefunded: brl(0n), gatewayKey: 'r-1', now: clock.now() })),
      );
      await deposit(bob, 40n);
      await db('accounts').where({ id: bob.id }).update({ status: 'closed' });

      const report = await ledger.verify();
      expect(report.balanced).to.equal(true);
      expect(report.pendingRefunds).to.deep.equal({
        count: 1,
        items: [{ transactionId: refund.id, accountId: alice.id, amount: 100, currency: 'BRL', createdAt: refund.createdAt.toISOString() }],
      });
      expect(report.pendingWithdrawals.count).to.equal(0);
      expect(report.closedAccountsWithBalance).to.deep.equal({ count: 1, items: [{ accountId: bob.id, ownerId: bob.ownerId, balance: 40, currency: 'BRL' }] });
    });

    it('lists withdrawals left without a payout result for some minutes apart, without calling the ledger unbalanced', async () => {
      await deposit(alice, 1_000n);
      const withdraw = (amount: bigint, now: Date) =>
        post(debitedWithdrawal({ id: crypto.randomUUID(), account: alice, money: brl(amount), gatewayKey: `w-${amount}`, now }));
      const stuck = await withdraw(100n, clock.now());
      const paid = await withdraw(200n, clock.now());
      await ledger.recordPayoutPaid(paid.id, 'po_1');
      const returned = await withdraw(300n, clock.now());
      await putBack(returned);
      await withdraw(50n, new Date());

      const report = await ledger.verify();
      expect(report.balanced).to.equal(true);
      expect(report.problems).to.deep.equal([]);
      expect(report.pendingWithdrawals).to.deep.equal({
        count: 1,
        items: [{ holdId: null, transactionId: stuck.id, accountId: alice.id, amount: 100, currency: 'BRL', createdAt: stuck.createdAt.toISOString() }],
      });
      expect((await verifyLedger(db, 0)).pendingWithdrawals.count, 'the recent one too, with no grace period').to.equal(2);
    });

    it('reports a stored balance that differs from its entries', async () => {
      await deposit(alice, 500n);
      await db('accounts').where({ id: alice.id }).update({ balance: 501 });
      const report = await ledger.verify();
      expect(report.balanced).to.equal(false);
      expect(report.problems).to.deep.equal([{ kind: 'BALANCE_MISMATCH', accountId: alice.id, detail: 'stored balance 501 but its entries sum to 500' }]);
    });

    it('reports unbalanced transactions, lone entries and wrong running balances (database guards switched off to forge them)', async () => {
      await deposit(alice, 500n);
      const id = crypto.randomUUID();
      await db.raw('ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_balanced');
      try {
        await db('ledger_transactions').insert({ id, type: 'transfer', created_at: clock.now() });
        await db('ledger_entries').insert({ transaction_id: id, account_id: bob.id, currency: 'BRL', amount: 7, balance_after: 9, created_at: clock.now() });
      } finally {
        await db.raw('ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_balanced');
      }
      const report = await ledger.verify();
      expect(report.balanced).to.equal(false);
      expect(report.problems.map((p) => p.kind).sort()).to.deep.equal(['BALANCE_MISMATCH', 'RUNNING_BALANCE_MISMATCH', 'TOO_FEW_ENTRIES', 'UNBALANCED_TRANSACTION']);
      expect(report.problems.find((p) => p.kind === 'UNBALANCED_TRANSACTION')).to.deep.equal({ kind: 'UNBALANCED_TRANSACTION', transactionId: id, detail: 'BRL entries sum to 7' });
    });
  });
});

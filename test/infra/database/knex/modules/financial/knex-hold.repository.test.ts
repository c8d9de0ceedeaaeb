import { expect } from 'chai';
import type { Knex } from 'knex';
import type { Account } from '../../../../../../src/domain/modules/financial/account.entity';
import { Hold } from '../../../../../../src/domain/modules/financial/hold.entity';
import { Money } from '../../../../../../src/domain/modules/financial/money.value-object';
import { KnexDbContext } from '../../../../../../src/infra/database/knex/knex-db-context';
import { KnexUnitOfWork } from '../../../../../../src/infra/database/knex/knex-unit-of-work';
import { KnexAccountRepository } from '../../../../../../src/infra/database/knex/modules/financial/knex-account.repository';
import { KnexHoldRepository } from '../../../../../../src/infra/database/knex/modules/financial/knex-hold.repository';
import { verifyLedger } from '../../../../../../src/infra/database/knex/modules/financial/ledger-integrity.query';
import { anAccount } from '../../../../../builders/account.builder';
import { aCpf } from '../../../../../helpers/cpf';
import { useMigratedDatabase } from '../../../../../helpers/database';

const T0 = new Date('2026-08-01T00:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const brl = (amount: bigint) => Money.of(amount, 'BRL');
const refusal = (work: Promise<unknown>) => work.then(() => 'accepted', (e: { constraint?: string; message?: string }) => e.constraint ?? e.message);

/** Holds as stored, and the database rules around them: one resolution, expiry by the clock, pending balances. */
describe('KnexHoldRepository and the holds table', () => {
  const database = useMigratedDatabase();
  let db: Knex;
  let holds: KnexHoldRepository;
  let accounts: KnexAccountRepository;
  let uow: KnexUnitOfWork;
  let from: Account;
  let to: Account;
  let readAt: Date;

  beforeEach(async () => {
    db = database.db;
    const context = new KnexDbContext(db);
    holds = new KnexHoldRepository(context);
    readAt = at(0);
    accounts = new KnexAccountRepository(context, { now: () => readAt });
    uow = new KnexUnitOfWork(context);
    // Seeded without entries: these tests look at holds, not at the ledger's sums.
    from = await accounts.create(anAccount().ownedBy(await storeOwner()).withBalance(1_000n).build());
    to = await accounts.create(anAccount().ownedBy(await storeOwner()).build());
  });

  async function storeOwner(): Promise<number> {
    const cpf = aCpf();
    const [{ id }] = await db('users').insert({ cpf, name: 'Owner', email: `owner.${cpf}@example.com` }).returning('id');
    return id;
  }

  /** A hold placed as the service places it: reserved on the account, then stored. */
  async function place(amount: bigint, seconds: number, now = at(0)): Promise<Hold> {
    const hold = Hold.place({ id: crypto.randomUUID(), from: (await accounts.findById(from.id))!, to, money: brl(amount), expiresInSeconds: seconds, now });
    await uow.transaction(async () => {
      expect(await accounts.reserve(from.id, brl(amount), now)).to.equal(true);
      await holds.create(hold);
    });
    return hold;
  }
  const pendingOf = async (id: string) => BigInt(((await db('accounts').where({ id }).first()) as { pending_balance: string }).pending_balance);

  it('stores and reads a hold field by field', async () => {
    const hold = await place(300n, 60);
    expect(await holds.findById(hold.id)).to.deep.equal(hold);
    expect(await holds.findById(crypto.randomUUID())).to.equal(null);
  });

  it('resolves a hold only while it is pending and unexpired at the given time', async () => {
    const hold = await place(300n, 60);
    const loser = Hold.restore({ ...stateOf(hold) });
    hold.capture(brl(100n), crypto.randomUUID(), at(10));
    // The capture transaction is checked at commit (deferred): a resolution alone may be written and rolled back.
    expect(await refusal(uow.transaction(() => holds.resolve(hold, at(10))))).to.equal('holds_capture_transaction_fk');
    loser.void(at(10));
    expect(await holds.resolve(loser, at(10))).to.equal(true);
    expect(await holds.resolve(loser, at(11))).to.equal(false);
    const late = await place(100n, 60);
    late.void(at(59));
    expect(await holds.resolve(late, at(60))).to.equal(false);
  });

  it('lists by status as the clock sees it, and finds the accounts with expired holds', async () => {
    const due = await place(100n, 30);
    const live = await place(200n, 3_600, at(1));
    const status = async (s: 'pending' | 'expired') => (await holds.listForAccount(from.id, { status: s }, at(40), { limit: 10 })).items.map((h) => h.id);
    expect(await status('pending')).to.deep.equal([live.id]);
    expect(await status('expired')).to.deep.equal([due.id]);
    expect((await holds.listForAccount(to.id, {}, at(40), { limit: 10 })).items.map((h) => h.id)).to.deep.equal([live.id, due.id]);
    expect(await holds.accountsWithExpiredHolds(at(40), 10)).to.deep.equal([from.id]);
    expect(await holds.accountsWithExpiredHolds(at(29), 10)).to.deep.equal([]);
    // Reads count only live holds; the stored pending balance still has the unswept one.
    readAt = at(40);
    expect((await accounts.findById(from.id))!.pendingBalance.amount).to.equal(200n);
    expect(await pendingOf(from.id)).to.equal(300n);

    expect(await uow.transaction(() => accounts.expireHolds(from.id, at(40)))).to.equal(1);
    expect(await pendingOf(from.id)).to.equal(200n);
    expect((await holds.findById(due.id))!).to.include({ status: 'expired' });
    expect((await holds.findById(due.id))!.resolvedAt).to.deep.equal(due.expiresAt);
    expect(await uow.transaction(() => accounts.expireHolds(from.id, at(40)))).to.equal(0);
  });

  it('the database keeps held money under the balance, and a hold well formed', async () => {
    expect(await accounts.reserve(from.id, brl(1_001n), at(0))).to.equal(false);
    expect(await accounts.reserve(from.id, brl(1_000n), at(0))).to.equal(true);
    expect(await accounts.debit(from.id, brl(1n), at(0))).to.equal(null);
    expect(await refusal(db('accounts').where({ id: from.id }).update({ balance: 999 }))).to.equal('accounts_customer_available_check');
    const row = { id: crypto.randomUUID(), from_account_id: from.id, to_account_id: to.id, currency: 'BRL', amount: 5, status: 'pending', expires_at: at(60), created_at: at(0) };
    expect(await refusal(db('holds').insert({ ...row, amount: 0 }))).to.equal('holds_amount_check');
    expect(await refusal(db('holds').insert({ ...row, to_account_id: from.id }))).to.equal('holds_accounts_check');
    expect(await refusal(db('holds').insert({ ...row, expires_at: at(0) }))).to.equal('holds_expiry_check');
    expect(await refusal(db('holds').insert({ ...row, status: 'captured', resolved_at: at(1) }))).to.equal('holds_captured_check');
    expect(await refusal(db('holds').insert({ ...row, status: 'voided' }))).to.equal('holds_resolved_check');
    expect(await refusal(db('holds').insert({ ...row, currency: 'USD' }))).to.be.oneOf(['holds_from_account_fk', 'holds_to_account_fk']);
    // A withdrawal's hold has neither destination nor expiry; a transfer's has both.
    expect(await refusal(db('holds').insert({ ...row, kind: 'withdrawal' }))).to.equal('holds_kind_check');
    expect(await refusal(db('holds').insert({ ...row, kind: 'withdrawal', to_account_id: null }))).to.equal('holds_kind_check');
    expect(await refusal(db('holds').insert({ ...row, expires_at: null }))).to.equal('holds_kind_check');
    expect(await refusal(db('holds').insert({ ...row, kind: 'refund', to_account_id: null, expires_at: null }))).to.equal('holds_kind_check');
  });

  it('a withdrawal’s hold is stored without destination or expiry, reserves until resolved, and never expires', async () => {
    const hold = Hold.forWithdrawal({ id: crypto.randomUUID(), from: (await accounts.findById(from.id))!, money: brl(400n), now: at(0) });
    await uow.transaction(async () => {
      expect(await accounts.reserve(from.id, brl(400n), at(0))).to.equal(true);
      await holds.create(hold);
    });
    expect(await holds.findById(hold.id)).to.deep.equal(hold);
    const years = at(10 * 365 * 24 * 3600);
    readAt = years;
    expect((await accounts.findById(from.id))!.pendingBalance.amount, 'still reserved, however late').to.equal(400n);
    expect(await holds.accountsWithExpiredHolds(years, 10)).to.deep.equal([]);
    expect(await uow.transaction(() => accounts.expireHolds(from.id, years))).to.equal(0);
    expect((await holds.listForAccount(from.id, { status: 'pending' }, years, { limit: 10 })).items.map((h) => h.id)).to.deep.equal([hold.id]);
    hold.void(years);
    expect(await holds.resolve(hold, years)).to.equal(true);
    expect(await holds.resolve(hold, years), 'once').to.equal(false);
  });

  it('the database ties a hold to what posts it: a capture a transfer hold, a withdrawal a withdrawal’s hold, whole', async () => {
    const transferHold = await place(100n, 60);
    const withdrawalHold = Hold.forWithdrawal({ id: crypto.randomUUID(), from: (await accounts.findById(from.id))!, money: brl(400n), now: at(0) });
    await uow.transaction(async () => {
      expect(await accounts.reserve(from.id, brl(400n), at(0))).to.equal(true);
      await holds.create(withdrawalHold);
    });
    const paid = { type: 'withdrawal', gateway_key: 'k', gateway_reference: 'po_1', payout_state: 'paid', created_at: at(1) };
    expect(await refusal(db('ledger_transactions').insert({ id: crypto.randomUUID(), type: 'capture', hold_id: withdrawalHold.id, created_at: at(1) }))).to.equal(
      'ledger_transactions_hold_kind_check',
    );
    expect(await refusal(db('ledger_transactions').insert({ id: crypto.randomUUID(), ...paid, hold_id: transferHold.id }))).to.equal('ledger_transactions_hold_kind_check');
    const partly = db.transaction(async (trx) => {
      const id = crypto.randomUUID();
      await trx('ledger_transactions').insert({ id, ...paid, hold_id: withdrawalHold.id });
      await trx('holds').where({ id: withdrawalHold.id }).update({ status: 'captured', captured_amount: 1, capture_transaction_id: id, resolved_at: at(1) });
    });
    expect(await refusal(partly)).to.equal('holds_withdrawal_whole_check');
  });

  it('the integrity check names an account whose pending balance is not its pending holds', async () => {
    await place(300n, 60);
    expect((await verifyLedger(db)).problems.filter((p) => p.kind === 'PENDING_BALANCE_MISMATCH')).to.deep.equal([]);
    await db('accounts').where({ id: from.id }).update({ pending_balance: 250 });
    const [problem] = (await verifyLedger(db)).problems.filter((p) => p.kind === 'PENDING_BALANCE_MISMATCH');
    expect(problem).to.deep.equal({ kind: 'PENDING_BALANCE_MISMATCH', accountId: from.id, detail: 'pending balance 250 but its pending holds sum to 300' });
  });
});

function stateOf(hold: Hold) {
  return {
    id: hold.id,
    kind: hold.kind,
    fromAccountId: hold.fromAccountId,
    toAccountId: hold.toAccountId,
    amount: hold.amount,
    capturedAmount: hold.capturedAmount,
    status: hold.status,
    description: hold.description,
    expiresAt: hold.expiresAt,
    createdAt: hold.createdAt,
    resolvedAt: hold.resolvedAt,
    captureTransactionId: hold.captureTransactionId,
  };
}

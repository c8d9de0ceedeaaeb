import { debitedWithdrawal } from '../../../../../builders/debited-withdrawal';
import pino from 'pino';
import { expect } from 'chai';
import type { Knex } from 'knex';
import type { Account } from '../../../../../../src/domain/modules/financial/account.entity';
import { LedgerTransaction } from '../../../../../../src/domain/modules/financial/ledger-transaction.entity';
import { Money } from '../../../../../../src/domain/modules/financial/money.value-object';
import { KnexDbContext } from '../../../../../../src/infra/database/knex/knex-db-context';
import { KnexUnitOfWork } from '../../../../../../src/infra/database/knex/knex-unit-of-work';
import { KnexAccountRepository } from '../../../../../../src/infra/database/knex/modules/financial/knex-account.repository';
import { KnexLedgerRepository } from '../../../../../../src/infra/database/knex/modules/financial/knex-ledger.repository';
import { LedgerPoster } from '../../../../../../src/infra/services/financial/ledger-poster';
import { anAccount } from '../../../../../builders/account.builder';
import { aCpf } from '../../../../../helpers/cpf';
import { useMigratedDatabase } from '../../../../../helpers/database';
import { RecordingOutbox } from '../../../../../doubles/recording-outbox';

const brl = (amount: bigint) => Money.of(amount, 'BRL');
let clockTime = Date.parse('2026-07-01T06:07:08.000Z');
const clock = { now: () => new Date((clockTime += 1000)) };
const refusal = (work: Promise<unknown>) => work.then(() => 'accepted', (e: { constraint?: string; message?: string }) => e.constraint ?? e.message);

/** A withdrawal's or refund's payout state as the table stores it and the constraints keep it. */
describe('ledger payout state', () => {
  const database = useMigratedDatabase();
  let db: Knex;
  let ledger: KnexLedgerRepository;
  let accounts: KnexAccountRepository;
  let poster: LedgerPoster;
  let uow: KnexUnitOfWork;
  let alice: Account;
  let bob: Account;

  beforeEach(async () => {
    db = database.db;
    const context = new KnexDbContext(db);
    accounts = new KnexAccountRepository(context);
    ledger = new KnexLedgerRepository(context);
    poster = new LedgerPoster(accounts, ledger, clock, pino({ level: 'silent' }), new RecordingOutbox());
    uow = new KnexUnitOfWork(context);
    alice = await accounts.create(anAccount().ownedBy(await storeOwner()).build());
    bob = await accounts.create(anAccount().ownedBy(await storeOwner()).build());
    await uow.transaction(() =>
      poster.post(LedgerTransaction.deposit({ id: crypto.randomUUID(), account: alice, money: brl(1_000n), gatewayKey: 'k-d', gatewayReference: 'ch_1', now: clock.now() })),
    );
  });

  async function storeOwner(): Promise<number> {
    const cpf = aCpf();
    const [{ id }] = await db('users').insert({ cpf, name: 'Owner', email: `owner.${cpf}@example.com` }).returning('id');
    return id;
  }

  const withdraw = (amount: bigint) =>
    uow.transaction(() => poster.post(debitedWithdrawal({ id: crypto.randomUUID(), account: alice, money: brl(amount), gatewayKey: `w-${amount}`, now: clock.now() })));
  const reverse = (debit: LedgerTransaction) => uow.transaction(() => poster.post(debit.reverse({ id: crypto.randomUUID(), now: clock.now() })));
  const stateOf = async (id: string) => (await ledger.findById(id))?.payoutState;

  it('a withdrawal is stored awaiting; its reference and the state paid are recorded together, once', async () => {
    const debit = await withdraw(100n);
    expect(await stateOf(debit.id)).to.equal('awaiting');
    await ledger.recordPayoutPaid(debit.id, 'po_1');
    await ledger.recordPayoutPaid(debit.id, 'po_2');
    expect(await ledger.findById(debit.id)).to.include({ payoutState: 'paid', gatewayReference: 'po_1' });
    await ledger.recordPayoutReturned(debit.id);
    expect(await stateOf(debit.id), 'a paid debit is never returned').to.equal('paid');
  });

  it('a debit put back is returned, with its reversal, and stays so', async () => {
    const debit = await withdraw(100n);
    await uow.transaction(async () => {
      await poster.post(debit.reverse({ id: crypto.randomUUID(), now: clock.now() }));
      await ledger.recordPayoutReturned(debit.id);
    });
    await ledger.recordPayoutReturned(debit.id);
    expect(await stateOf(debit.id)).to.equal('returned');
    expect(await refusal(db('ledger_transactions').where({ id: debit.id }).update({ payout_state: 'awaiting' }))).to.match(/immutable/);
    expect((await ledger.verify()).problems).to.deep.equal([]);
  });

  it('transfers, including those the posting function inserts, have no payout state', async () => {
    const posted = await uow.transaction(() => poster.postTransfer(LedgerTransaction.transfer({ id: crypto.randomUUID(), from: alice, to: bob, money: brl(5n), now: clock.now() })));
    const [row] = await db('ledger_transactions').where({ id: posted.id }).select('payout_state');
    expect(row.payout_state).to.equal(null);
  });

  it('the table refuses a state outside the set, on the wrong type, or out of step with the reference', async () => {
    const row = (values: Record<string, unknown>) => db('ledger_transactions').insert({ id: crypto.randomUUID(), type: 'withdrawal', gateway_key: 'k', created_at: clock.now(), ...values });
    expect(await refusal(row({ payout_state: 'sent' }))).to.equal('ledger_transactions_payout_state_check');
    expect(await refusal(row({}))).to.equal('ledger_transactions_payout_state_type_check');
    expect(await refusal(row({ type: 'transfer', gateway_key: null, payout_state: 'awaiting' }))).to.equal('ledger_transactions_payout_state_type_check');
    expect(await refusal(row({ payout_state: 'paid' }))).to.equal('ledger_transactions_payout_paid_check');
    expect(await refusal(row({ payout_state: 'awaiting', gateway_reference: 'po_1' }))).to.equal('ledger_transactions_payout_paid_check');
    expect(await refusal(row({ payout_state: 'returned', gateway_reference: 'po_1' }))).to.equal('ledger_transactions_payout_paid_check');
  });

  it('an update may not mark a debit paid without its reference, nor set a reference without paid', async () => {
    const debit = await withdraw(100n);
    expect(await refusal(db('ledger_transactions').where({ id: debit.id }).update({ payout_state: 'paid' }))).to.match(/immutable/);
    expect(await refusal(db('ledger_transactions').where({ id: debit.id }).update({ gateway_reference: 'po_1' }))).to.match(/immutable/);
    expect(await stateOf(debit.id)).to.equal('awaiting');
  });

  it('the integrity check reports a returned debit without its reversal, and a reversed one not returned', async () => {
    const forged = await withdraw(100n);
    // The update guard switched off, to forge a state no code path writes.
    await db.raw('ALTER TABLE ledger_transactions DISABLE TRIGGER ledger_transactions_immutable');
    try {
      await db('ledger_transactions').where({ id: forged.id }).update({ payout_state: 'returned' });
    } finally {
      await db.raw('ALTER TABLE ledger_transactions ENABLE TRIGGER ledger_transactions_immutable');
    }
    const forgotten = await withdraw(200n);
    const reversal = await reverse(forgotten);

    const report = await ledger.verify();
    expect(report.balanced).to.equal(false);
    expect(report.problems).to.have.deep.members([
      { kind: 'PAYOUT_STATE_MISMATCH', transactionId: forged.id, detail: 'payout returned but no reversal returned it' },
      { kind: 'PAYOUT_STATE_MISMATCH', transactionId: forgotten.id, detail: `payout awaiting but reversal ${reversal.id} returned it` },
    ]);
    expect(report.pendingWithdrawals.items.map((p) => p.transactionId), 'pending is what awaits, whatever else is wrong').to.deep.equal([forgotten.id]);
  });
});

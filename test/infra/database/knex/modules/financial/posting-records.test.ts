import { expect } from 'chai';
import type { Knex } from 'knex';
import type { Account } from '../../../../../../src/domain/modules/financial/account.entity';
import { transactionPosted } from '../../../../../../src/domain/modules/financial/financial.events';
import { IdempotencyInProgressError } from '../../../../../../src/domain/modules/financial/financial.errors';
import { KeyAlreadyRecordedError, type OutcomeWrite } from '../../../../../../src/domain/modules/financial/idempotency.port';
import { LedgerTransaction } from '../../../../../../src/domain/modules/financial/ledger-transaction.entity';
import { Money } from '../../../../../../src/domain/modules/financial/money.value-object';
import { KnexDbContext } from '../../../../../../src/infra/database/knex/knex-db-context';
import { KnexUnitOfWork } from '../../../../../../src/infra/database/knex/knex-unit-of-work';
import { KnexAccountRepository } from '../../../../../../src/infra/database/knex/modules/financial/knex-account.repository';
import { KnexLedgerRepository } from '../../../../../../src/infra/database/knex/modules/financial/knex-ledger.repository';
import { OutboxSignal } from '../../../../../../src/infra/events/outbox-signal';
import { anAccount } from '../../../../../builders/account.builder';
import { aCpf } from '../../../../../helpers/cpf';
import { useMigratedDatabase } from '../../../../../helpers/database';

type Completion = Extract<OutcomeWrite, { kind: 'complete' }>;
const brl = (amount: bigint) => Money.of(amount, 'BRL');
const NOW = new Date('2026-07-01T06:07:08.000Z');

/**
 * The recording posting functions: the movement, its event and the request's outcome in one
 * statement, all of them or none.
 */
describe('posting with its records (one statement)', () => {
  const database = useMigratedDatabase();
  let db: Knex;
  let ledger: KnexLedgerRepository;
  let uow: KnexUnitOfWork;
  let signals: number;
  let alice: Account;
  let bob: Account;

  beforeEach(async () => {
    db = database.db;
    const context = new KnexDbContext(db);
    const signal = new OutboxSignal();
    signals = 0;
    signal.listen(() => signals++);
    const accounts = new KnexAccountRepository(context);
    ledger = new KnexLedgerRepository(context, signal);
    uow = new KnexUnitOfWork(context);
    alice = await accounts.create(anAccount().ownedBy(await storeOwner()).build());
    bob = await accounts.create(anAccount().ownedBy(await storeOwner()).build());
    await db('accounts').where({ id: alice.id }).update({ balance: 100 });
  });

  async function storeOwner(): Promise<number> {
    const cpf = aCpf();
    const [{ id }] = await db('users').insert({ cpf, name: 'Owner', email: `owner.${cpf}@example.com` }).returning('id');
    return id;
  }

  /** A claim held in the database, as the idempotency store's INSERT leaves it. */
  async function claimedOutcome(token = crypto.randomUUID()): Promise<Completion & { wasWritten: () => boolean }> {
    const key = crypto.randomUUID();
    const [{ id }] = await db('idempotency_keys')
      .insert({ scope: 'user:1', key, method: 'POST', path: '/v1/transfers', request_hash: 'h', status: 'in_progress', lock_token: token, expires_at: NOW })
      .returning('id');
    let written = false;
    return {
      kind: 'complete',
      claim: { id: String(id), token, recoveryPoint: null },
      response: { status: 201, body: '{"id":"answer"}', location: '/v1/transactions/answer' },
      written: () => (written = true),
      wasWritten: () => written,
    };
  }

  const transferOf = (amount: bigint) => LedgerTransaction.transfer({ id: crypto.randomUUID(), from: alice, to: bob, money: brl(amount), now: NOW });
  const depositOf = (amount: bigint) =>
    LedgerTransaction.deposit({ id: crypto.randomUUID(), account: alice, money: brl(amount), gatewayKey: `k-${amount}`, gatewayReference: `ch_${amount}`, now: NOW });
  const count = async (table: string) => Number((await db(table).count<{ n: string | number }[]>({ n: '*' }))[0].n);
  const keyRow = (id: string) => db('idempotency_keys').where({ id }).first();

  it('a transfer stores its event and completes the request, and the dispatcher is told once it committed', async () => {
    const transfer = transferOf(30n);
    const outcome = await claimedOutcome();
    const posting = await uow.transaction(async () => {
      const result = await ledger.postTransfer(transfer, { event: transactionPosted(transfer), outcome });
      expect(signals, 'not before the commit').to.equal(0);
      return result;
    });
    expect(posting.kind).to.equal('posted');
    await new Promise((resolve) => setImmediate(resolve));
    expect(signals).to.equal(1);
    expect(outcome.wasWritten()).to.equal(true);
    const [event] = await db('outbox_events').select(['type', 'ordering_keys', 'data', 'occurred_at']);
    expect(event.type).to.equal('transaction.posted');
    expect(event.ordering_keys).to.deep.equal([alice.id, bob.id]);
    expect(event.data).to.deep.equal(transactionPosted(transfer).data);
    expect(new Date(event.occurred_at).toISOString()).to.equal(NOW.toISOString());
    expect(await keyRow(outcome.claim.id)).to.include({
      status: 'completed',
      response_status: 201,
      response_body: '{"id":"answer"}',
      response_location: '/v1/transactions/answer',
      lock_token: null,
    });
  });

  it('a refused transfer writes no event and leaves the request in progress', async () => {
    const transfer = transferOf(500n);
    const outcome = await claimedOutcome();
    const posting = await uow.transaction(() => ledger.postTransfer(transfer, { event: transactionPosted(transfer), outcome }));
    expect(posting).to.deep.equal({ kind: 'refused', accountId: alice.id });
    expect(outcome.wasWritten()).to.equal(false);
    expect(await count('outbox_events')).to.equal(0);
    expect(await keyRow(outcome.claim.id)).to.include({ status: 'in_progress' });
  });

  it('a transfer whose claim was taken over is IdempotencyInProgressError, and nothing of it stays', async () => {
    const transfer = transferOf(30n);
    const outcome = await claimedOutcome();
    await db('idempotency_keys').where({ id: outcome.claim.id }).update({ lock_token: crypto.randomUUID() });
    const failure = await uow.transaction(() => ledger.postTransfer(transfer, { event: transactionPosted(transfer), outcome })).catch((e: unknown) => e);
    expect(failure).to.be.instanceOf(IdempotencyInProgressError);
    expect(outcome.wasWritten()).to.equal(false);
    expect([await count('ledger_transactions'), await count('outbox_events')]).to.deep.equal([0, 0]);
    expect(BigInt((await db('accounts').where({ id: alice.id }).first('balance')).balance)).to.equal(100n);
  });

  it('a deposit stores its event and completes the request; a taken-over claim keeps nothing of it', async () => {
    const deposit = depositOf(40n);
    const outcome = await claimedOutcome();
    expect((await uow.transaction(() => ledger.postDeposit(deposit, { event: transactionPosted(deposit), outcome }))).kind).to.equal('posted');
    expect(await keyRow(outcome.claim.id)).to.include({ status: 'completed', response_status: 201 });
    const [event] = await db('outbox_events').select(['type', 'ordering_keys']);
    expect(event).to.deep.equal({ type: 'transaction.posted', ordering_keys: [alice.id] });

    const second = depositOf(50n);
    const stale = await claimedOutcome();
    await db('idempotency_keys').where({ id: stale.claim.id }).update({ lock_token: crypto.randomUUID() });
    const failure = await uow.transaction(() => ledger.postDeposit(second, { event: transactionPosted(second), outcome: stale })).catch((e: unknown) => e);
    expect(failure).to.be.instanceOf(IdempotencyInProgressError);
    expect([await count('ledger_transactions'), await count('outbox_events')]).to.deep.equal([1, 1]);
    expect(BigInt((await db('accounts').where({ id: alice.id }).first('balance')).balance)).to.equal(140n);
  });

  describe('a transfer inserting its key (no claim, no transaction around it)', () => {
    let inserted: number;
    const insertion = (key: string = crypto.randomUUID()): Extract<OutcomeWrite, { kind: 'insert' }> => ({
      kind: 'insert',
      request: { scope: 'user:1', key, method: 'POST', path: '/v1/transfers', requestHash: 'h' },
      response: { status: 201, body: '{"id":"answer"}', location: '/v1/transactions/answer' },
      written: () => inserted++,
    });
    beforeEach(() => (inserted = 0));

    it('posts it with its event and the key stored completed, and the dispatcher is told at once', async () => {
      const transfer = transferOf(30n);
      const outcome = insertion();
      expect((await ledger.postTransfer(transfer, { event: transactionPosted(transfer), outcome })).kind).to.equal('posted');
      expect([inserted, signals, await count('ledger_transactions'), await count('outbox_events')]).to.deep.equal([1, 1, 1, 1]);
      expect(await db('idempotency_keys').where({ key: outcome.request.key }).first()).to.include({
        scope: 'user:1',
        status: 'completed',
        request_hash: 'h',
        response_status: 201,
        response_body: '{"id":"answer"}',
        response_location: '/v1/transactions/answer',
        lock_token: null,
      });
    });

    it('moves nothing when the key already has a record (KeyAlreadyRecordedError)', async () => {
      const first = transferOf(30n);
      const outcome = insertion();
      await ledger.postTransfer(first, { event: transactionPosted(first), outcome });
      const again = transferOf(30n);
      const failure = await ledger.postTransfer(again, { event: transactionPosted(again), outcome: insertion(outcome.request.key) }).catch((e: unknown) => e);
      expect(failure).to.be.instanceOf(KeyAlreadyRecordedError);
      expect([inserted, await count('ledger_transactions'), await count('outbox_events'), await count('idempotency_keys')]).to.deep.equal([1, 1, 1, 1]);
      expect(BigInt((await db('accounts').where({ id: alice.id }).first('balance')).balance)).to.equal(70n);
    });

    it('a refusal keeps nothing, not even the key, so that the refusal can be stored for it', async () => {
      const transfer = transferOf(500n);
      const posting = await ledger.postTransfer(transfer, { event: transactionPosted(transfer), outcome: insertion() });
      expect(posting).to.deep.equal({ kind: 'refused', accountId: alice.id });
      expect([inserted, await count('idempotency_keys'), await count('outbox_events'), await count('ledger_transactions')]).to.deep.equal([0, 0, 0, 0]);
    });
  });

  it('a posting without a request to complete stores its event only', async () => {
    const transfer = transferOf(10n);
    expect((await uow.transaction(() => ledger.postTransfer(transfer, { event: transactionPosted(transfer), outcome: null }))).kind).to.equal('posted');
    expect(await count('outbox_events')).to.equal(1);
  });
});

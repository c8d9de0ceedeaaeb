import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { spawnCli } from '../helpers/cli';
import { createKnex } from '../../src/infra/database/knex/knex.factory';
import { aCpf } from '../helpers/cpf';


describe('CLI ledger:verify and idempotency:purge (embedded database)', function () {
  this.timeout(120_000);
  let dataDir: string;

  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fincore-ledger-cli-'));
    expect(spawnCli(dataDir, 'migrate').status).to.equal(0);
  });
  after(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Writes straight into the embedded database while no process holds it. */
  async function withDatabase(work: (db: ReturnType<typeof createKnex>) => Promise<void>): Promise<void> {
    const db = createKnex({ embeddedDir: path.join(dataDir, 'pgdata'), poolSize: 1 });
    try {
      await work(db);
    } finally {
      await db.destroy();
    }
  }

  it('exits 0 with the report on a consistent ledger', () => {
    const result = spawnCli(dataDir, 'ledger:verify');
    expect(result.status, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.equal({
      balanced: true,
      accountsChecked: 0,
      transactionsChecked: 0,
      problems: [],
      pendingWithdrawals: { count: 0, items: [] },
      pendingRefunds: { count: 0, items: [] },
      closedAccountsWithBalance: { count: 0, items: [] },
    });
    expect(result.stderr).to.contain('ledger balanced');
  });

  it('lists withdrawals left without a payout result apart (held, or debited before holds), and still exits 0', async () => {
    const accountId = '7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
    const settlement = '00000000-0000-4000-8000-00000042524c';
    const [deposit, withdrawal] = ['1a1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', '2b1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f'];
    const heldWithdrawal = '5e1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
    const hourAgo = new Date(Date.now() - 3_600_000);
    const heldAt = new Date(hourAgo.getTime() + 1_000);
    await withDatabase(async (db) => {
      await db.transaction(async (trx) => {
        const cpf = aCpf();
        const [{ id }] = await trx('users').insert({ cpf, name: 'Pending', email: `p.${cpf}@example.com` }).returning('id');
        await trx('accounts').insert([
          { id: accountId, kind: 'customer', owner_id: id, currency: 'BRL', status: 'active', balance: 400, pending_balance: 50, created_at: hourAgo, updated_at: hourAgo },
          { id: settlement, kind: 'system', owner_id: null, currency: 'BRL', status: 'active', balance: -400, created_at: hourAgo, updated_at: hourAgo },
        ]);
        await trx('ledger_transactions').insert([
          { id: deposit, type: 'deposit', gateway_key: 'k1', gateway_reference: 'ch_1', created_at: hourAgo },
          { id: withdrawal, type: 'withdrawal', gateway_key: 'k2', gateway_reference: null, payout_state: 'awaiting', created_at: hourAgo },
        ]);
        await trx('ledger_entries').insert([
          { transaction_id: deposit, account_id: accountId, currency: 'BRL', amount: 500, balance_after: 500, created_at: hourAgo },
          { transaction_id: deposit, account_id: settlement, currency: 'BRL', amount: -500, balance_after: -500, created_at: hourAgo },
          { transaction_id: withdrawal, account_id: accountId, currency: 'BRL', amount: -100, balance_after: 400, created_at: hourAgo },
          { transaction_id: withdrawal, account_id: settlement, currency: 'BRL', amount: 100, balance_after: -400, created_at: hourAgo },
        ]);
        await trx('holds').insert({ id: heldWithdrawal, kind: 'withdrawal', from_account_id: accountId, to_account_id: null, currency: 'BRL', amount: 50, status: 'pending', expires_at: null, created_at: heldAt });
      });
    });
    const result = spawnCli(dataDir, 'ledger:verify');
    expect(result.status, result.stderr).to.equal(0);
    const report = JSON.parse(result.stdout);
    expect(report.balanced).to.equal(true);
    expect(report.pendingWithdrawals).to.deep.equal({
      count: 2,
      items: [
        { holdId: null, transactionId: withdrawal, accountId, amount: 100, currency: 'BRL', createdAt: hourAgo.toISOString() },
        { holdId: heldWithdrawal, transactionId: null, accountId, amount: 50, currency: 'BRL', createdAt: heldAt.toISOString() },
      ],
    });
    expect(result.stderr).to.contain('2 withdrawal(s) without a payout result');
  });

  it('lists a closed account that still holds money apart, and still exits 0', async () => {
    const accountId = '3c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
    // Its own currency: the settlement row and running balances of the other tests stay untouched.
    const settlement = '00000000-0000-4000-8000-000000555344';
    const deposit = '4d1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
    let ownerId = 0;
    await withDatabase(async (db) => {
      await db.transaction(async (trx) => {
        const cpf = aCpf();
        [{ id: ownerId }] = await trx('users').insert({ cpf, name: 'Closed', email: `c.${cpf}@example.com` }).returning('id');
        const now = new Date();
        await trx('accounts').insert([
          { id: accountId, kind: 'customer', owner_id: ownerId, currency: 'USD', status: 'closed', balance: 70, created_at: now, updated_at: now },
          { id: settlement, kind: 'system', owner_id: null, currency: 'USD', status: 'active', balance: -70, created_at: now, updated_at: now },
        ]);
        await trx('ledger_transactions').insert({ id: deposit, type: 'deposit', gateway_key: 'k1', gateway_reference: 'ch_1', created_at: now });
        await trx('ledger_entries').insert([
          { transaction_id: deposit, account_id: accountId, currency: 'USD', amount: 70, balance_after: 70, created_at: now },
          { transaction_id: deposit, account_id: settlement, currency: 'USD', amount: -70, balance_after: -70, created_at: now },
        ]);
      });
    });
    const result = spawnCli(dataDir, 'ledger:verify');
    expect(result.status, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout).closedAccountsWithBalance).to.deep.equal({ count: 1, items: [{ accountId, ownerId, balance: 70, currency: 'USD' }] });
    expect(result.stderr).to.contain('1 closed account(s) still hold money');
  });

  it('exits 1 and lists the problem when a balance disagrees with its entries', async () => {
    const accountId = '5b0d8f2e-1c4a-4e7b-9a3d-2f6e8c1b0a95';
    await withDatabase(async (db) => {
      const cpf = aCpf();
      const [{ id }] = await db('users').insert({ cpf, name: 'Tampered', email: `t.${cpf}@example.com` }).returning('id');
      await db('accounts').insert({ id: accountId, kind: 'customer', owner_id: id, currency: 'BRL', status: 'active', balance: 500, created_at: new Date(), updated_at: new Date() });
    });
    const result = spawnCli(dataDir, 'ledger:verify');
    expect(result.status).to.equal(1);
    const report = JSON.parse(result.stdout);
    expect(report.balanced).to.equal(false);
    expect(report.problems).to.deep.equal([{ kind: 'BALANCE_MISMATCH', accountId, detail: 'stored balance 500 but its entries sum to 0' }]);
    expect(result.stderr).to.contain('LEDGER NOT BALANCED');
  });

  it('idempotency:purge reports how many expired records it removed', async () => {
    await withDatabase(async (db) => {
      const past = new Date(Date.now() - 60_000);
      await db('idempotency_keys').insert([
        { scope: 'user:1', key: 'old', method: 'POST', path: '/v1/transfers', request_hash: 'a'.repeat(64), status: 'completed', response_status: 201, response_body: '{}', expires_at: past },
        { scope: 'user:1', key: 'new', method: 'POST', path: '/v1/transfers', request_hash: 'a'.repeat(64), status: 'completed', response_status: 201, response_body: '{}', expires_at: new Date(Date.now() + 60_000) },
      ]);
    });
    const result = spawnCli(dataDir, 'idempotency:purge');
    expect(result.status, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.equal({ purged: 1 });
  });
});

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createKnex } from '../../src/infra/database/knex/knex.factory';
import { aCpf } from '../helpers/cpf';

const ROOT = path.resolve(__dirname, '../..');

function cli(dataDir: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ['-r', 'tsx/cjs', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('CLI ledger:verify and idempotency:purge (embedded database)', function () {
  this.timeout(120_000);
  let dataDir: string;

  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fincore-ledger-cli-'));
    expect(cli(dataDir, 'migrate').status).to.equal(0);
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
    const result = cli(dataDir, 'ledger:verify');
    expect(result.status, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.equal({ balanced: true, accountsChecked: 0, transactionsChecked: 0, problems: [] });
    expect(result.stderr).to.contain('ledger balanced');
  });

  it('exits 1 and lists the problem when a balance disagrees with its entries', async () => {
    const accountId = '5b0d8f2e-1c4a-4e7b-9a3d-2f6e8c1b0a95';
    await withDatabase(async (db) => {
      const cpf = aCpf();
      const [{ id }] = await db('users').insert({ cpf, name: 'Tampered', email: `t.${cpf}@example.com` }).returning('id');
      await db('accounts').insert({ id: accountId, kind: 'customer', owner_id: id, currency: 'BRL', status: 'active', balance: 500, created_at: new Date(), updated_at: new Date() });
    });
    const result = cli(dataDir, 'ledger:verify');
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
    const result = cli(dataDir, 'idempotency:purge');
    expect(result.status, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.equal({ purged: 1 });
  });
});

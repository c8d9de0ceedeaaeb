import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { FileMigrationSource } from '../../../../src/infra/database/knex/migration-source';
import { createTestDatabase, resetDatabase } from '../../../helpers/database';

const MIGRATIONS_DIR = path.resolve(__dirname, '../../../../migrations');

describe('FileMigrationSource', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fincore-migrations-'));
    for (const file of ['20200102000000_b.js', '20200101000000_a.ts', 'types.d.ts', 'README.md', '20200103000000_c.ts.orig']) {
      fs.writeFileSync(path.join(dir, file), 'exports.up = async () => {}; exports.down = async () => {};');
    }
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists .ts and .js migrations in name order, and nothing else', async () => {
    expect(await new FileMigrationSource(dir).getMigrations()).to.deep.equal(['20200101000000_a.ts', '20200102000000_b.js']);
  });

  it('names a migration without its extension, so tsx and compiled runs agree', () => {
    const source = new FileMigrationSource(dir);
    expect(source.getMigrationName('20200101000000_a.ts')).to.equal('20200101000000_a');
    expect(source.getMigrationName('20200101000000_a.js')).to.equal('20200101000000_a');
  });

  it('loads the migration module', async () => {
    const migration = await new FileMigrationSource(dir).getMigration('20200102000000_b.js');
    expect(migration.up).to.be.a('function');
    expect(migration.down).to.be.a('function');
  });

  it('reads the project migrations folder by default', async () => {
    const expected = fs.readdirSync(MIGRATIONS_DIR).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts')).sort();
    expect(await new FileMigrationSource().getMigrations()).to.deep.equal(expected);
    expect(expected).to.include('20261123000100_create_users.ts');
  });

  it('every migration file is named YYYYMMDDHHMMSS_description.ts', () => {
    for (const file of fs.readdirSync(MIGRATIONS_DIR)) expect(file).to.match(/^\d{14}_[a-z0-9_]+\.ts$/);
  });
});

const PAYOUT_STATE_MIGRATION = '20261203200100_add_payout_state';

describe('migrations on the test database', () => {
  let db: Knex;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => {
    // Leave the database migrated for whatever runs next on it.
    await db.migrate.latest();
    await db.destroy();
  });

  const tables = async (): Promise<string[]> => {
    const { rows } = await db.raw<{ rows: { tablename: string }[] }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT LIKE 'knex_migrations%' ORDER BY tablename`,
    );
    return rows.map((r) => r.tablename);
  };

  it('records every migration by name without extension', async () => {
    const names = (await db('knex_migrations').orderBy('id').select('name')).map((r: { name: string }) => r.name);
    const files = (await new FileMigrationSource().getMigrations()).map((f) => f.replace(/\.ts$/, ''));
    expect(names).to.deep.equal(files);
  });

  it('goes all the way down, leaving no table, and up again to the same schema', async () => {
    // Emptied first: rows of a later kind (a capture, a refund) are what an older schema cannot hold.
    await resetDatabase(db);
    const before = await tables();
    expect(before).to.include('users');
    const columnsBefore = await db('information_schema.columns').where({ table_schema: db.raw('current_schema()') }).orderBy(['table_name', 'column_name']).select('table_name', 'column_name', 'data_type');

    await db.migrate.rollback(undefined, true);
    expect(await tables()).to.deep.equal([]);
    const [{ n }] = await db('knex_migrations').count<{ n: string | number }[]>({ n: '*' });
    expect(Number(n)).to.equal(0);

    const [, applied] = (await db.migrate.latest()) as [number, string[]];
    expect(applied.length).to.be.greaterThan(0);
    expect(await tables()).to.deep.equal(before);
    const columnsAfter = await db('information_schema.columns').where({ table_schema: db.raw('current_schema()') }).orderBy(['table_name', 'column_name']).select('table_name', 'column_name', 'data_type');
    expect(columnsAfter).to.deep.equal(columnsBefore);
  });

  it('is a no-op when already up to date', async () => {
    const [, applied] = (await db.migrate.latest()) as [number, string[]];
    expect(applied).to.deep.equal([]);
  });

  it('gives existing withdrawals and refunds the payout state their columns imply, and every other type none', async () => {
    await resetDatabase(db);
    await db.migrate.down({ name: PAYOUT_STATE_MIGRATION });
    try {
      const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
      const now = new Date();
      // Entries are not needed for the backfill: each row alone says paid, returned or awaiting.
      await db('ledger_transactions').insert([
        { id: id(1), type: 'deposit', gateway_key: 'k1', gateway_reference: 'ch_1', created_at: now },
        { id: id(2), type: 'withdrawal', gateway_key: 'k2', gateway_reference: 'po_1', created_at: now },
        { id: id(3), type: 'withdrawal', gateway_key: 'k3', created_at: now },
        { id: id(4), type: 'reversal', reverses_id: id(3), created_at: now },
        { id: id(5), type: 'withdrawal', gateway_key: 'k5', created_at: now },
        { id: id(6), type: 'refund', refunds_id: id(1), gateway_key: 'k6', created_at: now },
        { id: id(7), type: 'transfer', created_at: now },
      ]);
      await db.migrate.up({ name: PAYOUT_STATE_MIGRATION });
      const rows = await db('ledger_transactions').orderBy('id').select('type', 'payout_state');
      expect(rows.map((r: { type: string; payout_state: string | null }) => [r.type, r.payout_state])).to.deep.equal([
        ['deposit', null],
        ['withdrawal', 'paid'],
        ['withdrawal', 'returned'],
        ['reversal', null],
        ['withdrawal', 'awaiting'],
        ['refund', 'awaiting'],
        ['transfer', null],
      ]);
    } finally {
      await db.migrate.latest();
      await resetDatabase(db);
    }
  });

  it('the users table enforces its rules in the database too', async () => {
    const row = { cpf: '52998224725', name: 'Ana Silva', email: 'ana@example.com' };
    await db('users').delete();
    const violation = async (values: Record<string, unknown>) =>
      db('users')
        .insert({ ...row, ...values })
        .then(
          () => 'inserted',
          (e: { code?: string }) => e.code,
        );
    expect(await violation({ email: 'Ana@Example.com' }), 'lower-case email').to.equal('23514');
    expect(await violation({ cpf: '529.982.247' }), 'digits-only cpf').to.equal('23514');
    expect(await violation({ role: 'root' }), 'known role').to.equal('23514');
    expect(await violation({})).to.equal('inserted');
    expect(await violation({ email: 'other@example.com' }), 'unique cpf').to.equal('23505');
    expect(await violation({ cpf: '11144477735' }), 'unique email').to.equal('23505');
    await db('users').delete();
  });
});

import type { Knex } from 'knex';

/**
 * Settlement in shards: a currency may have up to 16 system accounts instead of one, so that
 * deposits to different customer accounts no longer all wait on one settlement row's lock for
 * their statement and commit. Their ids stay fixed and derived (settlementAccountId): the old
 * one-per-currency index gives way to a CHECK that a system account's id is one of its currency's
 * shard ids, `00000000-0000-4000-800<shard>-<currency in hex>`, shard 0 being the account there
 * was. Nothing else changes: each shard is an account like any other to the ledger, its balance the
 * sum of its entries, and the currency's settlement balance is the sum of its shards.
 */
const SETTLEMENT_ID_CHECK = `kind <> 'system' OR (
  left(id::text, 22) = '00000000-0000-4000-800'
  AND split_part(id::text, '-', 5) = lpad(encode(convert_to(currency, 'UTF8'), 'hex'), 12, '0'))`;

export async function up(db: Knex): Promise<void> {
  await db.raw(`ALTER TABLE accounts ADD CONSTRAINT accounts_settlement_id_check CHECK (${SETTLEMENT_ID_CHECK})`);
  await db.raw('DROP INDEX accounts_one_settlement_per_currency');
}

export async function down(db: Knex): Promise<void> {
  // Money posted to a second shard cannot be merged back into the first: entries are immutable.
  const { rows } = await db.raw<{ rows: unknown[] }>(`SELECT 1 FROM accounts WHERE kind = 'system' AND substr(id::text, 20, 4) <> '8000' LIMIT 1`);
  if (rows.length > 0) throw new Error('settlement shards other than the first hold entries: 20261205300100_shard_settlement_accounts cannot be rolled back');
  await db.raw(`CREATE UNIQUE INDEX accounts_one_settlement_per_currency ON accounts (currency) WHERE kind = 'system'`);
  await db.raw('ALTER TABLE accounts DROP CONSTRAINT accounts_settlement_id_check');
}

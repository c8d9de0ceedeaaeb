import type { Knex } from 'knex';

/**
 * Accounts and the double-entry ledger. The database itself refuses what must never happen, even
 * for a buggy caller: a negative customer balance, a zero or changed entry, an unbalanced
 * transaction, an entry in another currency than its account, a second reversal.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('accounts', (t) => {
    t.uuid('id').primary();
    t.string('kind', 16).notNullable();
    t.integer('owner_id').nullable().references('id').inTable('users');
    t.string('currency', 3).notNullable();
    t.string('status', 16).notNullable().defaultTo('active');
    t.bigInteger('balance').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await db.raw(`
    ALTER TABLE accounts
      ADD CONSTRAINT accounts_kind_check CHECK (kind IN ('customer', 'system')),
      ADD CONSTRAINT accounts_status_check CHECK (status IN ('active', 'frozen', 'closed')),
      ADD CONSTRAINT accounts_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
      ADD CONSTRAINT accounts_owner_check CHECK ((kind = 'customer') = (owner_id IS NOT NULL)),
      -- Customers never owe: the last line of defence behind the conditional debit.
      ADD CONSTRAINT accounts_customer_balance_check CHECK (kind = 'system' OR balance >= 0),
      -- 2^53 - 1: every balance is exact as a JSON number.
      ADD CONSTRAINT accounts_balance_limit_check CHECK (balance BETWEEN -9007199254740991 AND 9007199254740991),
      ADD CONSTRAINT accounts_id_currency_unique UNIQUE (id, currency)
  `);
  await db.raw(`CREATE UNIQUE INDEX accounts_one_settlement_per_currency ON accounts (currency) WHERE kind = 'system'`);
  await db.raw('CREATE INDEX accounts_owner_idx ON accounts (owner_id, created_at, id)');
  await db.raw(`CREATE INDEX accounts_customer_list_idx ON accounts (created_at, id) WHERE kind = 'customer'`);

  await db.schema.createTable('ledger_transactions', (t) => {
    t.uuid('id').primary();
    t.string('type', 16).notNullable();
    t.string('description', 200).nullable();
    t.uuid('reverses_id').nullable().references('id').inTable('ledger_transactions');
    t.string('gateway_key', 128).nullable();
    t.string('gateway_reference', 200).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
  });
  await db.raw(`
    ALTER TABLE ledger_transactions
      ADD CONSTRAINT ledger_transactions_type_check CHECK (type IN ('deposit', 'withdrawal', 'transfer', 'reversal')),
      ADD CONSTRAINT ledger_transactions_reversal_check CHECK ((type = 'reversal') = (reverses_id IS NOT NULL)),
      -- A transaction is reversed at most once, however many admins try at the same moment.
      ADD CONSTRAINT ledger_transactions_reverses_unique UNIQUE (reverses_id)
  `);

  await db.schema.createTable('ledger_entries', (t) => {
    // Assigned while the account row is locked by the balance update, so per account the id order
    // is the order balances changed in: statements page on it, newest first.
    t.bigIncrements('id').primary();
    t.uuid('transaction_id').notNullable().references('id').inTable('ledger_transactions');
    t.uuid('account_id').notNullable();
    t.string('currency', 3).notNullable();
    t.bigInteger('amount').notNullable();
    t.bigInteger('balance_after').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
  });
  await db.raw(`
    ALTER TABLE ledger_entries
      ADD CONSTRAINT ledger_entries_amount_check CHECK (amount <> 0),
      ADD CONSTRAINT ledger_entries_account_fk FOREIGN KEY (account_id, currency) REFERENCES accounts (id, currency),
      ADD CONSTRAINT ledger_entries_transaction_account_unique UNIQUE (transaction_id, account_id)
  `);
  await db.raw('CREATE INDEX ledger_entries_statement_idx ON ledger_entries (account_id, id DESC)');

  // Entries never change and transactions are never deleted: mistakes are corrected by reversals.
  await db.raw(`
    CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% rows are immutable; correct them with a reversal', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
    END $$
  `);
  await db.raw('CREATE TRIGGER ledger_entries_immutable BEFORE UPDATE OR DELETE ON ledger_entries FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()');
  await db.raw('CREATE TRIGGER ledger_transactions_no_delete BEFORE DELETE ON ledger_transactions FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()');
  // The one change allowed on a transaction: recording, once, the gateway's id of a payout made after its debit.
  await db.raw(`
    CREATE FUNCTION ledger_transactions_guard_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.gateway_reference IS NULL AND NEW.gateway_reference IS NOT NULL
         AND (NEW.id, NEW.type, NEW.description, NEW.reverses_id, NEW.gateway_key, NEW.created_at)
             IS NOT DISTINCT FROM (OLD.id, OLD.type, OLD.description, OLD.reverses_id, OLD.gateway_key, OLD.created_at) THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'ledger_transactions rows are immutable; correct them with a reversal' USING ERRCODE = 'restrict_violation';
    END $$
  `);
  await db.raw('CREATE TRIGGER ledger_transactions_immutable BEFORE UPDATE ON ledger_transactions FOR EACH ROW EXECUTE FUNCTION ledger_transactions_guard_update()');
  // Checked at COMMIT, once every entry is in: a transaction that does not sum to zero never commits.
  await db.raw(`
    CREATE FUNCTION ledger_assert_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (SELECT count(*) FROM ledger_entries WHERE transaction_id = NEW.transaction_id) < 2
         OR EXISTS (SELECT 1 FROM ledger_entries WHERE transaction_id = NEW.transaction_id GROUP BY currency HAVING sum(amount) <> 0) THEN
        RAISE EXCEPTION 'ledger transaction % does not balance', NEW.transaction_id USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NULL;
    END $$
  `);
  await db.raw(`
    CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_assert_balanced()
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('ledger_entries');
  await db.schema.dropTable('ledger_transactions');
  await db.schema.dropTable('accounts');
  await db.raw('DROP FUNCTION ledger_assert_balanced()');
  await db.raw('DROP FUNCTION ledger_transactions_guard_update()');
  await db.raw('DROP FUNCTION ledger_refuse_change()');
}

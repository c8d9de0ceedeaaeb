// The SQL of one transfer, written out two ways for the raw-SQL loops.
const crypto = require('node:crypto');

const ACCOUNT = 'SELECT id, kind, owner_id, currency, status, balance, created_at, updated_at FROM accounts WHERE id = $1 LIMIT 1';
const DEBIT = `UPDATE accounts SET balance = balance - $1::bigint, updated_at = $2
  WHERE id = $3 AND kind = 'customer' AND currency = $4 AND (status = 'active' OR $5::boolean) AND balance >= $1::bigint
  RETURNING balance`;
const CREDIT = `UPDATE accounts SET balance = balance + $1::bigint, updated_at = $2
  WHERE id = $3 AND kind = 'customer' AND currency = $4 AND (status <> 'closed' OR $5::boolean)
  RETURNING balance`;
const CLAIM = `INSERT INTO idempotency_keys (scope, key, method, path, request_hash, status, lock_token, locked_until, expires_at)
  VALUES ($1, $2, 'POST', '/v1/transfers', $3, 'in_progress', $4, now() + 30000 * interval '1 millisecond', now() + 24 * interval '1 hour')
  ON CONFLICT (scope, key) DO NOTHING RETURNING id`;
const COMPLETE = `UPDATE idempotency_keys
  SET status = 'completed', response_status = $1, response_body = $2, response_location = $3,
      completed_at = now(), expires_at = now() + 24 * interval '1 hour', lock_token = NULL, locked_until = NULL
  WHERE id = $4 AND lock_token = $5 AND status = 'in_progress' RETURNING id`;
// The minimal loop records the outcome as it claims the key: the same transaction commits both.
const CLAIM_COMPLETED = `INSERT INTO idempotency_keys (scope, key, method, path, request_hash, status, response_status, response_body,
    response_location, completed_at, expires_at)
  VALUES ($1, $2, 'POST', '/v1/transfers', $3, 'completed', 201, $4, $5, now(), now() + 24 * interval '1 hour')
  ON CONFLICT (scope, key) DO NOTHING RETURNING id`;
const TRANSACTION = `INSERT INTO ledger_transactions (id, type, description, reverses_id, refunds_id, gateway_key, gateway_reference, created_at)
  VALUES ($1, 'transfer', NULL, NULL, NULL, NULL, NULL, $2)`;
const ENTRIES = `INSERT INTO ledger_entries (transaction_id, account_id, currency, amount, balance_after, created_at)
  VALUES ($1, $2, 'BRL', $3, $4, $7), ($1, $5, 'BRL', $6, $8, $7)`;

const sha256 = (text) => crypto.createHash('sha256').update(text).digest('hex');

/** Debit and credit in one fixed order (by account id), as fincore's poster does: no deadlock. */
async function moveBalances(client, from, to, amount, now) {
  const debitFirst = from < to;
  const first = debitFirst ? client.query(DEBIT, [amount, now, from, 'BRL', false]) : client.query(CREDIT, [amount, now, to, 'BRL', false]);
  const a = (await first).rows[0];
  const second = debitFirst ? client.query(CREDIT, [amount, now, to, 'BRL', false]) : client.query(DEBIT, [amount, now, from, 'BRL', false]);
  const b = (await second).rows[0];
  if (!a || !b) throw new Error('balance refused');
  return debitFirst ? [a.balance, b.balance] : [b.balance, a.balance];
}

/** fincore's statements today: claim (own commit), two account reads, then the ledger transaction. */
async function currentTransfer(pool, { key, from, to, amount }) {
  const token = crypto.randomUUID();
  const { rows } = await pool.query(CLAIM, ['bench:loop', key, sha256(`${from}${to}${amount}`), token]);
  await pool.query(ACCOUNT, [from]);
  await pool.query(ACCOUNT, [to]);
  await inTransaction(pool, async (client) => {
    const now = new Date();
    const id = crypto.randomUUID();
    const [fromAfter, toAfter] = await moveBalances(client, from, to, amount, now);
    await client.query(TRANSACTION, [id, now]);
    await client.query(ENTRIES, [id, from, -amount, fromAfter, to, amount, now, toAfter]);
    await client.query(COMPLETE, [201, JSON.stringify({ id, amount }), `/v1/transactions/${id}`, rows[0].id, token]);
  });
}

/** One transaction: key, two conditional updates, the transaction and its entries, commit. */
async function minimalTransfer(pool, { key, from, to, amount }) {
  await inTransaction(pool, async (client) => {
    const now = new Date();
    const id = crypto.randomUUID();
    const claimed = await client.query(CLAIM_COMPLETED, ['bench:loop', key, sha256(`${from}${to}${amount}`), JSON.stringify({ id, amount }), `/v1/transactions/${id}`]);
    if (!claimed.rows.length) throw new Error('key already used');
    const [fromAfter, toAfter] = await moveBalances(client, from, to, amount, now);
    await client.query(TRANSACTION, [id, now]);
    await client.query(ENTRIES, [id, from, -amount, fromAfter, to, amount, now, toAfter]);
  });
}

/** BEGIN, the work, COMMIT; ROLLBACK when it throws; the connection always goes back to the pool. */
async function inTransaction(pool, work) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await work(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

module.exports = { currentTransfer, minimalTransfer };

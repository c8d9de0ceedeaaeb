import type { ClosedAccountWithBalance, IntegrityProblem, IntegrityReport, PendingRefund, PendingWithdrawal } from '../../../../../domain/modules/financial/integrity-report';
import type { Knex } from 'knex';

/** At most this many problems are listed; `balanced` and the counts always cover everything. */
export const MAX_LISTED_PROBLEMS = 100;
/** A withdrawal or refund still without a payout result after this long is listed as pending. */
export const PENDING_WITHDRAWAL_MINUTES = 5;

// One statement, so that every check reads the same snapshot even while money keeps moving.
const INTEGRITY_SQL = `
WITH entry_sums AS (
  SELECT account_id, sum(amount) AS total FROM ledger_entries GROUP BY account_id
),
running AS (
  SELECT id, account_id, transaction_id, balance_after,
         sum(amount) OVER (PARTITION BY account_id ORDER BY id) AS running_total
    FROM ledger_entries
),
problems AS (
  SELECT 'BALANCE_MISMATCH' AS kind, NULL::uuid AS transaction_id, a.id AS account_id,
         'stored balance ' || a.balance || ' but its entries sum to ' || coalesce(s.total, 0) AS detail
    FROM accounts a LEFT JOIN entry_sums s ON s.account_id = a.id
   WHERE a.balance <> coalesce(s.total, 0)
  UNION ALL
  SELECT 'NEGATIVE_CUSTOMER_BALANCE', NULL::uuid, a.id, 'customer balance ' || a.balance
    FROM accounts a WHERE a.kind = 'customer' AND a.balance < 0
  UNION ALL
  SELECT 'UNBALANCED_TRANSACTION', e.transaction_id, NULL::uuid, e.currency || ' entries sum to ' || sum(e.amount)
    FROM ledger_entries e GROUP BY e.transaction_id, e.currency HAVING sum(e.amount) <> 0
  UNION ALL
  SELECT 'TOO_FEW_ENTRIES', t.id, NULL::uuid, count(e.id) || ' entries'
    FROM ledger_transactions t LEFT JOIN ledger_entries e ON e.transaction_id = t.id
   GROUP BY t.id HAVING count(e.id) < 2
  UNION ALL
  SELECT 'RUNNING_BALANCE_MISMATCH', r.transaction_id, r.account_id,
         'entry ' || r.id || ' records balance ' || r.balance_after || ' but the entries up to it sum to ' || r.running_total
    FROM running r WHERE r.running_total <> r.balance_after
  UNION ALL
  SELECT 'PAYOUT_STATE_MISMATCH', t.id, NULL::uuid,
         'payout ' || t.payout_state || CASE WHEN r.id IS NULL THEN ' but no reversal returned it' ELSE ' but reversal ' || r.id || ' returned it' END
    FROM ledger_transactions t LEFT JOIN ledger_transactions r ON r.reverses_id = t.id
   WHERE t.type IN ('withdrawal', 'refund') AND (t.payout_state = 'returned') <> (r.id IS NOT NULL)
  UNION ALL
  SELECT 'PENDING_BALANCE_MISMATCH', NULL::uuid, a.id,
         'pending balance ' || a.pending_balance || ' but its pending holds sum to ' || coalesce(h.total, 0)
    FROM accounts a
    LEFT JOIN (SELECT from_account_id, sum(amount) AS total FROM holds WHERE status = 'pending' GROUP BY from_account_id) h
      ON h.from_account_id = a.id
   WHERE a.pending_balance <> coalesce(h.total, 0)
),
pending AS (
  SELECT t.type, NULL::uuid AS "holdId", t.id AS "transactionId", e.account_id AS "accountId", -e.amount AS amount, e.currency,
         json_timestamp(t.created_at) AS "createdAt", t.created_at
    FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id AND e.amount < 0
   WHERE t.payout_state = 'awaiting'
     AND t.created_at < now() - make_interval(mins => ?::int)
  UNION ALL
  SELECT 'withdrawal', h.id, NULL::uuid, h.from_account_id, h.amount, h.currency, json_timestamp(h.created_at), h.created_at
    FROM holds h
   WHERE h.kind = 'withdrawal' AND h.status = 'pending'
     AND h.created_at < now() - make_interval(mins => ?::int)
),
closed_with_balance AS (
  SELECT id AS "accountId", owner_id AS "ownerId", balance, currency
    FROM accounts WHERE kind = 'customer' AND status = 'closed' AND balance <> 0
)
SELECT (SELECT count(*) FROM accounts) AS accounts_checked,
       (SELECT count(*) FROM ledger_transactions) AS transactions_checked,
       (SELECT count(*) FROM problems) AS problem_count,
       (SELECT coalesce(json_agg(p), '[]'::json)
          FROM (SELECT * FROM problems ORDER BY kind, transaction_id, account_id LIMIT ${MAX_LISTED_PROBLEMS}) p) AS problems,
       (SELECT count(*) FROM pending WHERE type = 'withdrawal') AS pending_count,
       (SELECT coalesce(json_agg(p), '[]'::json)
          FROM (SELECT "holdId", "transactionId", "accountId", amount, currency, "createdAt" FROM pending WHERE type = 'withdrawal'
                 ORDER BY created_at, "holdId", "transactionId" LIMIT ${MAX_LISTED_PROBLEMS}) p) AS pending,
       (SELECT count(*) FROM pending WHERE type = 'refund') AS pending_refund_count,
       (SELECT coalesce(json_agg(p), '[]'::json)
          FROM (SELECT "transactionId", "accountId", amount, currency, "createdAt" FROM pending WHERE type = 'refund'
                 ORDER BY created_at, "transactionId" LIMIT ${MAX_LISTED_PROBLEMS}) p) AS pending_refunds,
       (SELECT count(*) FROM closed_with_balance) AS closed_count,
       (SELECT coalesce(json_agg(c), '[]'::json)
          FROM (SELECT * FROM closed_with_balance ORDER BY "accountId" LIMIT ${MAX_LISTED_PROBLEMS}) c) AS closed
`;

type JsonColumn<T> = T[] | string;
type PendingRow<T> = Omit<T, 'amount'> & { amount: string | number };
type ClosedRow = Omit<ClosedAccountWithBalance, 'balance'> & { balance: string | number };

interface IntegrityRow {
  accounts_checked: string | number;
  transactions_checked: string | number;
  problem_count: string | number;
  problems: { kind: IntegrityProblem['kind']; transaction_id: string | null; account_id: string | null; detail: string }[] | string;
  pending_count: string | number;
  pending: JsonColumn<PendingRow<PendingWithdrawal>>;
  pending_refund_count: string | number;
  pending_refunds: JsonColumn<PendingRow<PendingRefund>>;
  closed_count: string | number;
  closed: JsonColumn<ClosedRow>;
}

// PGlite answers json columns as text, node-postgres parses them.
const parsed = <T>(column: JsonColumn<T>): T[] => (typeof column === 'string' ? (JSON.parse(column) as T[]) : column);

/**
 * Every double-entry invariant over the whole ledger: each transaction sums to zero per currency
 * and has two entries or more; each stored balance equals the sum of its entries; each entry's
 * recorded balance equals the running sum up to it; no customer balance is negative; a gateway
 * debit is `returned` exactly when a reversal returned it; each pending balance equals the sum of
 * the account's holds still recorded pending (an expired one the sweeper has not reached counts in
 * both, so it breaks nothing). Listed apart,
 * since they break no invariant but each needs someone to act: withdrawals and refunds still without
 * a gateway result after `pendingAfterMinutes`, and closed accounts that hold money.
 */
export async function verifyLedger(executor: Knex | Knex.Transaction, pendingAfterMinutes = PENDING_WITHDRAWAL_MINUTES): Promise<IntegrityReport> {
  const { rows } = await executor.raw<{ rows: IntegrityRow[] }>(INTEGRITY_SQL, [pendingAfterMinutes, pendingAfterMinutes]);
  const row = rows[0];
  const problems = parsed(row.problems).map((p): IntegrityProblem => ({
    kind: p.kind,
    ...(p.transaction_id ? { transactionId: p.transaction_id } : {}),
    ...(p.account_id ? { accountId: p.account_id } : {}),
    detail: p.detail,
  }));
  return {
    balanced: Number(row.problem_count) === 0,
    accountsChecked: Number(row.accounts_checked),
    transactionsChecked: Number(row.transactions_checked),
    problems,
    pendingWithdrawals: { count: Number(row.pending_count), items: parsed(row.pending).map((p) => ({ ...p, amount: Number(p.amount) })) },
    pendingRefunds: { count: Number(row.pending_refund_count), items: parsed(row.pending_refunds).map((p) => ({ ...p, amount: Number(p.amount) })) },
    closedAccountsWithBalance: {
      count: Number(row.closed_count),
      items: parsed(row.closed).map((c) => ({ accountId: c.accountId, ownerId: c.ownerId, balance: Number(c.balance), currency: c.currency })),
    },
  };
}

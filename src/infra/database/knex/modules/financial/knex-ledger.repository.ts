import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import { AlreadyReversedError, BalanceLimitExceededError, IdempotencyInProgressError } from '../../../../../domain/modules/financial/financial.errors';
import { KeyAlreadyRecordedError } from '../../../../../domain/modules/financial/idempotency.port';
import type { IntegrityReport } from '../../../../../domain/modules/financial/integrity-report';
import type { LedgerTransaction } from '../../../../../domain/modules/financial/ledger-transaction.entity';
import type { DepositPosting, ILedgerRepository, PostingRecords, TransferPosting } from '../../../../../domain/modules/financial/ledger.repository';
import type { StatementLine } from '../../../../../domain/modules/financial/statement-line';
import { pageFrom, type Page, type PageQuery } from '../../../../../domain/shared/pagination';
import { OutboxSignal } from '../../../../events/outbox-signal';
import { INFRA_TYPES } from '../../../../infra.types';
import { signalWhenCommitted } from '../../outbox/knex-event-outbox';
import type { KnexDbContext } from '../../knex-db-context';
import { PG_CHECK_VIOLATION, isUniqueViolation, sqlState } from '../../pg-errors';
import { Money } from '../../../../../domain/modules/financial/money.value-object';
import { toBigInt } from './bigint-column';
import { verifyLedger } from './ledger-integrity.query';
import { COMPLETION_PARAMETERS, INSERTION_PARAMETERS, completionBindings, insertionBindings, isCompletion } from './posting-records';
import { LedgerMapper, type EntryRow, type StatementRow, type TransactionRow } from './ledger.mapper';

const TRANSACTION_COLUMNS = ['t.id', 't.type', 't.description', 't.reverses_id', 't.refunds_id', 't.hold_id', 't.gateway_key', 't.gateway_reference', 't.payout_state', 't.created_at'];

// A refund counts until it is put back (its gateway call failed): the reversal returned its money.
const REFUNDED_SQL = `
SELECT coalesce(sum(e.amount), 0) AS refunded
  FROM ledger_transactions t
  JOIN ledger_entries e ON e.transaction_id = t.id AND e.amount > 0
 WHERE t.refunds_id = ? AND t.payout_state <> 'returned'`;

// The counterparty is the other entry of the transaction (every movement has exactly two).
const STATEMENT_SQL = `
SELECT e.id, e.transaction_id, t.type, e.currency, e.amount, e.balance_after, t.description, t.created_at,
       (SELECT o.account_id FROM ledger_entries o
         WHERE o.transaction_id = e.transaction_id AND o.account_id <> e.account_id
         ORDER BY o.id LIMIT 1) AS counterparty_account_id
  FROM ledger_entries e
  JOIN ledger_transactions t ON t.id = e.transaction_id
 WHERE e.account_id = ? AND e.id < ?::bigint
 ORDER BY e.id DESC
 LIMIT ?`;

// See the migrations creating ledger_post_transfer and its recording wrappers: one round trip for
// both balances, the rows, the event and the idempotency outcome (a claim's completion, or the
// key's record inserted first).
const POST_TRANSFER_SQL = `SELECT false AS key_taken, refused_account, from_balance, to_balance
  FROM ledger_post_transfer_recorded(?::uuid, ?::uuid, ?::uuid, ?, ?::bigint, ?, ?, ${COMPLETION_PARAMETERS})`;
const POST_TRANSFER_ONCE_SQL = `SELECT key_taken, refused_account, from_balance, to_balance
  FROM ledger_post_transfer_once(?::uuid, ?::uuid, ?::uuid, ?, ?::bigint, ?, ?, ${INSERTION_PARAMETERS})`;

type TransferPostingRow = {
  key_taken: boolean;
  refused_account: string | null;
  from_balance: string | number | null;
  to_balance: string | number | null;
};

// See the migrations creating ledger_post_deposit and its recording wrapper: the credit, the
// settlement debit, the rows, the event and the idempotency outcome at once.
const POST_DEPOSIT_SQL = `SELECT account_balance, settlement_balance
  FROM ledger_post_deposit_recorded(?::uuid, ?::uuid, ?::uuid, ?, ?::bigint, ?, ?, ?, ?, ${COMPLETION_PARAMETERS})`;

// Raised by the recording functions when the outcome's claim was taken over (see its migration).
const CLAIM_TAKEN_OVER = 'FC002';

type DepositPostingRow = { account_balance: string | number | null; settlement_balance: string | number | null };

const NO_UPPER_BOUND = '9223372036854775807';

const GATEWAY_DEBITS = ['withdrawal', 'refund'];

@injectable()
export class KnexLedgerRepository implements ILedgerRepository {
  constructor(
    @inject(INFRA_TYPES.KnexDbContext) private readonly context: KnexDbContext,
    @inject(INFRA_TYPES.OutboxSignal) private readonly signal: OutboxSignal = new OutboxSignal(),
  ) {}

  async record(transaction: LedgerTransaction): Promise<void> {
    const db = this.context.executor();
    try {
      await db('ledger_transactions').insert(LedgerMapper.toTransactionRow(transaction));
    } catch (error) {
      // The unique index, not a prior read, is what makes a double reversal impossible.
      if (isUniqueViolation(error, 'ledger_transactions_reverses_unique')) throw new AlreadyReversedError();
      throw error;
    }
    await db('ledger_entries').insert(LedgerMapper.toEntryRows(transaction));
  }

  async postTransfer(transfer: LedgerTransaction, records: PostingRecords): Promise<TransferPosting> {
    const [debit, credit] = transfer.entries[0].amount.isNegative() ? transfer.entries : [transfer.entries[1], transfer.entries[0]];
    const currency = transfer.currency;
    const completion = isCompletion(records);
    const row = await this.callPosting<TransferPostingRow>(completion ? POST_TRANSFER_SQL : POST_TRANSFER_ONCE_SQL, [
      transfer.id,
      debit.accountId,
      credit.accountId,
      currency,
      credit.amount.amount.toString(),
      transfer.description,
      // The rows' time and the balances' updated_at: what the answer shows is what is stored.
      transfer.createdAt,
      ...(completion ? completionBindings(records) : insertionBindings(records as Parameters<typeof insertionBindings>[0])),
    ]);
    if (row.key_taken) throw new KeyAlreadyRecordedError();
    if (row.refused_account !== null) return { kind: 'refused', accountId: row.refused_account };
    this.recorded(records);
    return {
      kind: 'posted',
      fromBalance: Money.of(toBigInt(row.from_balance as string | number), currency),
      toBalance: Money.of(toBigInt(row.to_balance as string | number), currency),
    };
  }

  async postDeposit(deposit: LedgerTransaction, records: PostingRecords): Promise<DepositPosting> {
    // A deposit's claim committed before its gateway call: there is only a claim to complete.
    if (!isCompletion(records)) throw new Error('a deposit completes its claim; its key has no record to insert');
    const [credit, settlement] = deposit.entries;
    const currency = deposit.currency;
    const row = await this.callPosting<DepositPostingRow>(POST_DEPOSIT_SQL, [
      deposit.id,
      credit.accountId,
      settlement.accountId,
      currency,
      credit.amount.amount.toString(),
      deposit.description,
      deposit.gatewayKey,
      deposit.gatewayReference,
      deposit.createdAt,
      ...completionBindings(records),
    ]);
    if (row.account_balance === null || row.settlement_balance === null) return { kind: 'refused' };
    this.recorded(records);
    return {
      kind: 'posted',
      accountBalance: Money.of(toBigInt(row.account_balance), currency),
      settlementBalance: Money.of(toBigInt(row.settlement_balance), currency),
    };
  }

  /**
   * One posting function's row; a balance pushed past the limit is the domain's refusal, not a 500,
   * and a claim taken over is the key's answer. Either way the function wrote nothing that stays.
   */
  private async callPosting<Row>(sql: string, bindings: readonly Knex.Value[]): Promise<Row> {
    try {
      const { rows } = await this.context.executor().raw<{ rows: Row[] }>(sql, bindings);
      return rows[0];
    } catch (error) {
      if (sqlState(error) === PG_CHECK_VIOLATION && (error as { constraint?: string }).constraint === 'accounts_balance_limit_check') {
        throw new BalanceLimitExceededError();
      }
      if (sqlState(error) === CLAIM_TAKEN_OVER) throw new IdempotencyInProgressError();
      throw error;
    }
  }

  /** The posting stored its records: the outcome is written, and the event is the dispatcher's once committed. */
  private recorded(records: PostingRecords): void {
    records.outcome?.written();
    const trx = this.context.openTransaction();
    // A statement on the pool committed as it ended.
    if (trx) signalWhenCommitted(trx, this.signal);
    else this.signal.committed();
  }

  async findById(id: string, options: { forUpdate?: boolean } = {}): Promise<LedgerTransaction | null> {
    const db = this.context.executor();
    const query = db('ledger_transactions as t')
      .leftJoin('ledger_transactions as r', 'r.reverses_id', 't.id')
      .select([...TRANSACTION_COLUMNS, 'r.id as reversed_by_id'])
      .where('t.id', id)
      .first();
    // Only t: the outer-joined side cannot be locked (and there may be no such row).
    if (options.forUpdate) query.forUpdate('t');
    const row: TransactionRow | undefined = await query;
    if (!row) return null;
    const entries: EntryRow[] = await db('ledger_entries')
      .select(['account_id', 'currency', 'amount', 'balance_after'])
      .where({ transaction_id: id })
      .orderBy('id');
    return LedgerMapper.toEntity(row, entries);
  }

  async refundedAmount(depositId: string, currency: string): Promise<Money> {
    const { rows } = await this.context.executor().raw<{ rows: { refunded: string | number | bigint }[] }>(REFUNDED_SQL, [depositId]);
    return Money.of(toBigInt(rows[0].refunded), currency);
  }

  async recordPayoutPaid(transactionId: string, reference: string): Promise<void> {
    // Conditional: a resumed attempt that finds the reference already recorded changes nothing.
    // Not conditional on 'awaiting': a debit returned meanwhile and paid all the same must say so
    // (the integrity check lists it), not lose the gateway's reference.
    await this.context
      .executor()('ledger_transactions')
      .where({ id: transactionId })
      .whereIn('type', GATEWAY_DEBITS)
      .whereNull('gateway_reference')
      .update({ gateway_reference: reference, payout_state: 'paid' });
  }

  async recordPayoutReturned(transactionId: string): Promise<void> {
    // Only an awaiting debit is returned: a paid one keeps its state, and its reversal shows as a mismatch.
    await this.context
      .executor()('ledger_transactions')
      .where({ id: transactionId, payout_state: 'awaiting' })
      .update({ payout_state: 'returned' });
  }

  async statement(accountId: string, query: PageQuery<string>): Promise<Page<StatementLine, string>> {
    const { rows } = await this.context
      .executor()
      .raw<{ rows: StatementRow[] }>(STATEMENT_SQL, [accountId, query.after ?? NO_UPPER_BOUND, query.limit + 1]);
    return pageFrom(rows.map(LedgerMapper.toStatementLine), query.limit, (line) => line.entryId);
  }

  verify(): Promise<IntegrityReport> {
    return verifyLedger(this.context.executor());
  }
}

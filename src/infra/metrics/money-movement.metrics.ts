import { Counter, type Registry } from 'prom-client';
import { KeyAlreadyRecordedError, type RequestRecord } from '../../domain/modules/financial/idempotency.port';
import type { LedgerTransaction } from '../../domain/modules/financial/ledger-transaction.entity';
import type { IMoneyMovementService } from '../../domain/modules/financial/money-movement.service';
import type { IRefundService } from '../../domain/modules/financial/refund.service';
import type { IAuditLog } from '../../domain/shared/audit-log.port';
import { ConcurrencyConflictError, DomainError } from '../../domain/shared/domain-error';

export interface MovementCounters {
  /** One per attempt that reached the use case: `posted`, or the stable code of the refusal. */
  movements: Counter<'type' | 'outcome'>;
  /** Minor units moved by posted transactions, per type and currency (a counter: rate() reads as money per second). */
  amounts: Counter<'type' | 'currency'>;
}

export function movementCounters(registry: Registry): MovementCounters {
  return {
    movements: new Counter({
      name: 'ledger_movements_total',
      help: 'Deposits, withdrawals, transfers, reversals and refunds attempted, by outcome ("posted" or the refusal code)',
      labelNames: ['type', 'outcome'],
      registers: [registry],
    }),
    amounts: new Counter({
      name: 'ledger_movement_amount_minor_units_total',
      help: 'Money moved by posted transactions, in minor units of the currency (centavos for BRL)',
      labelNames: ['type', 'currency'],
      registers: [registry],
    }),
  };
}

/** Counts the outcome of one use-case call; the error, if any, passes through untouched. */
async function counted(
  counters: MovementCounters,
  type: string,
  record: RequestRecord<LedgerTransaction>,
  call: () => Promise<LedgerTransaction>,
  posted?: (transaction: LedgerTransaction) => void,
): Promise<LedgerTransaction> {
  try {
    const transaction = await call();
    counters.movements.inc({ type, outcome: 'posted' });
    counters.amounts.inc({ type, currency: transaction.currency }, Number(transaction.amount.amount));
    posted?.(transaction);
    return transaction;
  } catch (error) {
    // Not an attempt: the key already had a record, nothing moved, and the request is answered from it.
    if (error instanceof KeyAlreadyRecordedError) throw error;
    // Not yet an attempt: a refusal before the key is read is run again, and counted, once it is claimed.
    if (record.keyUnread && error instanceof DomainError && !(error instanceof ConcurrencyConflictError)) throw error;
    counters.movements.inc({ type, outcome: error instanceof DomainError ? error.code : 'error' });
    throw error;
  }
}

/**
 * One audit line per movement (type, transaction id, accounts, amount, currency, with the request's
 * id and actor). Reversals and refunds are recorded by their services, with what they undo.
 */
const eventLine = (audit: IAuditLog, type: 'ledger.deposit' | 'ledger.withdrawal' | 'ledger.transfer') => (transaction: LedgerTransaction) =>
  audit.record({
    type,
    target: `transaction:${transaction.id}`,
    detail: { accounts: transaction.accountIds.join(','), amount: transaction.amount.amount.toString(), currency: transaction.currency },
  });

/**
 * The same service, counted and logged. Bound as the service's activation, so it shares the
 * request's graph. "Posted" means the use case posted it; a transfer's or deposit's posting statement
 * committed on its own, another movement's unit of work commits right after, and on the rare commit failure (the connection lost at that moment) the request answers
 * a 5xx, which its request log line shows.
 */
export function meteredMoneyMovements(service: IMoneyMovementService, counters: MovementCounters, audit: IAuditLog): IMoneyMovementService {
  return {
    deposit: (actor, input, record) => counted(counters, 'deposit', record, () => service.deposit(actor, input, record), eventLine(audit, 'ledger.deposit')),
    withdraw: (actor, input, record) => counted(counters, 'withdrawal', record, () => service.withdraw(actor, input, record), eventLine(audit, 'ledger.withdrawal')),
    transfer: (actor, input, record) => counted(counters, 'transfer', record, () => service.transfer(actor, input, record), eventLine(audit, 'ledger.transfer')),
    reverse: (actor, id, record) => counted(counters, 'reversal', record, () => service.reverse(actor, id, record)),
  };
}

export function meteredRefunds(service: IRefundService, counters: MovementCounters): IRefundService {
  return { refund: (actor, input, record) => counted(counters, 'refund', record, () => service.refund(actor, input, record)) };
}

import type { Principal } from '../auth/principal';
import type { RequestRecord } from './idempotency.port';
import type { LedgerTransaction } from './ledger-transaction.entity';

/**
 * The way out for money in a closed account (admins and `ledger:admin`): its whole balance moves
 * to another account of the same owner and currency, as one `sweep` transaction.
 */
export interface IAccountSweepService {
  sweep(actor: Principal, input: { accountId: string; toAccountId: string }, record: RequestRecord<LedgerTransaction>): Promise<LedgerTransaction>;
}

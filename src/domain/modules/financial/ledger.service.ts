import type { Principal } from '../auth/principal';
import type { IntegrityReport } from './integrity-report';
import type { LedgerTransaction } from './ledger-transaction.entity';

export interface ILedgerService {
  /** Visible to the owner of any account it touches, admins and `accounts:read`. */
  getTransaction(actor: Principal, transactionId: string): Promise<LedgerTransaction>;
  /** Admins and `ledger:admin` only. */
  verifyIntegrity(actor: Principal): Promise<IntegrityReport>;
}

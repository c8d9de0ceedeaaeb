import type { Principal } from '../auth/principal';
import type { RequestRecord } from './idempotency.port';
import type { LedgerTransaction } from './ledger-transaction.entity';

interface MovementInput {
  /** Minor units; checked to be 1 to 10^12. */
  amount: bigint;
  currency: string;
  description?: string;
}

export interface DepositInput extends MovementInput {
  accountId: string;
  source: string;
}

export interface WithdrawalInput extends MovementInput {
  accountId: string;
  destination: string;
}

export interface TransferInput extends MovementInput {
  fromAccountId: string;
  toAccountId: string;
}

/**
 * Money movements. Each writes its outcome through the request's record in the same database
 * transaction as the ledger change, so a retry can never move money twice.
 */
export interface IMoneyMovementService {
  deposit(actor: Principal, input: DepositInput, record: RequestRecord<LedgerTransaction>): Promise<LedgerTransaction>;
  withdraw(actor: Principal, input: WithdrawalInput, record: RequestRecord<LedgerTransaction>): Promise<LedgerTransaction>;
  transfer(actor: Principal, input: TransferInput, record: RequestRecord<LedgerTransaction>): Promise<LedgerTransaction>;
  reverse(actor: Principal, transactionId: string, record: RequestRecord<LedgerTransaction>): Promise<LedgerTransaction>;
}

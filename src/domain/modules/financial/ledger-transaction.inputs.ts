import type { Account } from './account.entity';
import type { Hold } from './hold.entity';
import type { Money } from './money.value-object';

/** What the factories of LedgerTransaction take. */
export interface MovementInput {
  id: string;
  money: Money;
  description?: string | null;
  now: Date;
}

export interface GatewayMovementInput extends MovementInput {
  account: Account;
  gatewayKey: string;
  gatewayReference?: string | null;
}

/** A withdrawal's hold, captured (in whole) once the gateway has paid it out. */
export interface WithdrawalInput {
  id: string;
  hold: Hold;
  gatewayKey: string;
  gatewayReference: string;
  now: Date;
}

export interface TransferInput extends MovementInput {
  from: Account;
  to: Account;
}

export interface ReversalInput {
  id: string;
  now: Date;
  description?: string | null;
}

export interface RefundInput extends ReversalInput {
  /** Omitted: whatever is left of the deposit. */
  money?: Money;
  /** What earlier refunds of this deposit took (those not put back). */
  alreadyRefunded: Money;
  gatewayKey: string;
}

export interface SweepInput {
  id: string;
  from: Account;
  to: Account;
  now: Date;
  description?: string | null;
}

import type { Hold } from '../../domain/modules/financial/hold.entity';

export interface HoldResponse {
  id: string;
  fromAccountId: string;
  toAccountId: string;
  /** Minor units held. */
  amount: number;
  currency: string;
  /** What the capture posted; null unless captured. */
  capturedAmount: number | null;
  status: string;
  description: string | null;
  expiresAt: string;
  createdAt: string;
  /** When it was captured or voided, or the moment it expired; null while pending. */
  resolvedAt: string | null;
  captureTransactionId: string | null;
}

/** Fields are listed one by one; the hold is already as of the reading clock (Hold.asOf). */
export function presentHold(hold: Hold): HoldResponse {
  return {
    id: hold.id,
    fromAccountId: hold.fromAccountId,
    toAccountId: hold.toAccountId,
    amount: hold.amount.toSafeInteger(),
    currency: hold.currency,
    capturedAmount: hold.capturedAmount === null ? null : hold.capturedAmount.toSafeInteger(),
    status: hold.status,
    description: hold.description,
    expiresAt: hold.expiresAt.toISOString(),
    createdAt: hold.createdAt.toISOString(),
    resolvedAt: hold.resolvedAt === null ? null : hold.resolvedAt.toISOString(),
    captureTransactionId: hold.captureTransactionId,
  };
}

/** The 201 of a placed hold, located at its own URL. */
export function createdHold(hold: Hold): { status: number; body: HoldResponse; location: string } {
  return { status: 201, body: presentHold(hold), location: `/v1/holds/${hold.id}` };
}

/** A capture or void answers the resolved hold. */
export function resolvedHold(hold: Hold): { status: number; body: HoldResponse; location: null } {
  return { status: 200, body: presentHold(hold), location: null };
}

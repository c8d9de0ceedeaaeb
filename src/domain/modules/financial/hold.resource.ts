import type { Hold } from './hold.entity';

/** A hold as the API presents it (GET /v1/holds/{id}) and as its events carry it. */
// A type, not an interface: it is also an event's `data` (a record of JSON values).
export type HoldResource = {
  id: string;
  /** `transfer` (resolved by its client or its expiry) or `withdrawal` (resolved by its payout). */
  kind: string;
  fromAccountId: string;
  /** Null for a withdrawal's hold: the money leaves through the payment gateway. */
  toAccountId: string | null;
  /** Minor units held. */
  amount: number;
  currency: string;
  /** What the capture posted; null unless captured. */
  capturedAmount: number | null;
  status: string;
  description: string | null;
  /** Null for a withdrawal's hold: it never expires while its payout's outcome is unknown. */
  expiresAt: string | null;
  createdAt: string;
  /** When it was captured or voided, or the moment it expired; null while pending. */
  resolvedAt: string | null;
  captureTransactionId: string | null;
};

/**
 * Fields are listed one by one; the hold is already as of the reading clock (Hold.asOf). The
 * expiry's event is written by the database with the same fields (migration
 * 20261204400100_record_hold_expiry_events): a field added here is added there too.
 */
export function holdResource(hold: Hold): HoldResource {
  return {
    id: hold.id,
    kind: hold.kind,
    fromAccountId: hold.fromAccountId,
    toAccountId: hold.toAccountId,
    amount: hold.amount.toSafeInteger(),
    currency: hold.currency,
    capturedAmount: hold.capturedAmount === null ? null : hold.capturedAmount.toSafeInteger(),
    status: hold.status,
    description: hold.description,
    expiresAt: hold.expiresAt === null ? null : hold.expiresAt.toISOString(),
    createdAt: hold.createdAt.toISOString(),
    resolvedAt: hold.resolvedAt === null ? null : hold.resolvedAt.toISOString(),
    captureTransactionId: hold.captureTransactionId,
  };
}

import type { Principal } from '../auth/principal';
import type { Page, PageQuery } from '../../shared/pagination';
import type { Hold, HoldStatus } from './hold.entity';
import type { HoldCursor } from './hold.repository';
import type { RequestRecord } from './idempotency.port';

export interface PlaceHoldInput {
  fromAccountId: string;
  toAccountId: string;
  /** Minor units; checked to be 1 to 10^12. */
  amount: bigint;
  currency: string;
  /** 1 to 30 days; 7 days when omitted. */
  expiresInSeconds?: number;
  description?: string;
}

export interface CaptureHoldInput {
  /** 1 up to the held amount; the whole hold when omitted. */
  amount?: bigint;
}

/**
 * Two-phase transfers. Placing, capturing and voiding write their outcome through the request's
 * record in the same database transaction as the change, so a retry never reserves or posts twice.
 */
export interface IHoldService {
  place(actor: Principal, input: PlaceHoldInput, record: RequestRecord<Hold>): Promise<Hold>;
  capture(actor: Principal, holdId: string, input: CaptureHoldInput, record: RequestRecord<Hold>): Promise<Hold>;
  void(actor: Principal, holdId: string, record: RequestRecord<Hold>): Promise<Hold>;
  get(actor: Principal, holdId: string): Promise<Hold>;
  listForAccount(actor: Principal, accountId: string, filter: { status?: HoldStatus }, query: PageQuery<HoldCursor>): Promise<Page<Hold, HoldCursor>>;
  /** Records every pending hold past its expiry as expired (the sweeper); answers how many. Safe to run on several instances at once. */
  expireDue(): Promise<number>;
}

import type { Page, PageQuery } from '../../shared/pagination';
import type { Hold, HoldStatus } from './hold.entity';

/** Keyset position in an account's hold list (newest first). */
export interface HoldCursor {
  createdAt: Date;
  id: string;
}

/**
 * Holds as stored. A status filter and every resolution read the clock's `now`: a pending row past
 * its expiry is expired for them, whether or not a sweeper has recorded it.
 */
export interface IHoldRepository {
  create(hold: Hold): Promise<void>;
  findById(id: string): Promise<Hold | null>;
  /** The holds an account places or receives, newest first. */
  listForAccount(accountId: string, filter: { status?: HoldStatus }, now: Date, query: PageQuery<HoldCursor>): Promise<Page<Hold, HoldCursor>>;
  /**
   * Writes a capture or void the entity decided, only if the row is still pending and unexpired at
   * `now` (one conditional statement); false when another resolution came first.
   */
  resolve(hold: Hold, now: Date): Promise<boolean>;
  /** Accounts with pending holds past their expiry at `now`, read without locks (the sweeper's candidates). */
  accountsWithExpiredHolds(now: Date, limit: number): Promise<string[]>;
}

import type { RefreshToken } from './refresh-token.entity';

/** Why a family stopped being usable; kept for audit. */
export type RevocationReason = 'logout' | 'reuse' | 'user_deactivated' | 'password_changed' | 'user_inactive' | 'logout_everywhere';

export interface NewRefreshToken {
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
  now: Date;
}

export interface IRefreshTokenRepository {
  /** Opens a new family (one login) for the user and returns its id. */
  createFamily(userId: number, now: Date): Promise<string>;
  add(token: NewRefreshToken): Promise<void>;
  /**
   * The token with this hash, read after locking its family row, so that two requests presenting
   * tokens of one family are decided one after the other. Must run inside a transaction.
   */
  findByHashLockingFamily(tokenHash: string): Promise<RefreshToken | null>;
  markUsed(tokenId: string, now: Date): Promise<void>;
  revokeFamily(familyId: string, reason: RevocationReason, now: Date): Promise<void>;
  /**
   * Deletes, with their tokens, the families revoked before `cutoff` and those whose every token
   * expired before it; answers how many of each were deleted.
   */
  purgeDead(cutoff: Date): Promise<{ families: number; tokens: number }>;
  /** Revokes every live family of the user; returns how many were revoked. */
  revokeAllOfUser(userId: number, reason: RevocationReason, now: Date): Promise<number>;
}

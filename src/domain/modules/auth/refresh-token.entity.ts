/** What presenting a refresh token amounts to. */
export type RefreshTokenVerdict =
  /** Unused, unexpired, family intact: exchange it for a new pair. */
  | 'rotate'
  /**
   * Exchanged a moment ago (within REUSE_GRACE_MS): two tabs refreshing at once, or a client
   * retrying a refresh whose answer it lost. It gets the successor already issued, if still unused.
   */
  | 'repeat'
  /** Exchanged longer ago: someone holds a copy, so the whole family must be revoked. */
  | 'reuse'
  /** The family was revoked (logout, reuse, deactivation, password change). */
  | 'revoked'
  | 'expired';

/**
 * How long a token just exchanged may come back without counting as reuse. Short: within it, a
 * thief holding a copy gets the same successor as the rightful client instead of ending the
 * session, and the two then collide at the next refresh, which the window no longer covers.
 */
export const REUSE_GRACE_MS = 10_000;

/** How long refresh tokens live: each for `slidingMs`, a family (one login) never past `absoluteMs`. */
export interface RefreshLifetimes {
  slidingMs: number;
  absoluteMs: number;
}

/** Expiry of a token issued `now` in a family opened at `familyCreatedAt`: rotations never extend a session past its absolute end. */
export function refreshTokenExpiry(lifetimes: RefreshLifetimes, familyCreatedAt: Date, now: Date): Date {
  return new Date(Math.min(now.getTime() + lifetimes.slidingMs, familyCreatedAt.getTime() + lifetimes.absoluteMs));
}

export interface RefreshTokenState {
  id: string;
  familyId: string;
  /** When the login that opened the family happened: the start of its absolute lifetime. */
  familyCreatedAt: Date;
  userId: number;
  expiresAt: Date;
  usedAt: Date | null;
  /** Revocation is recorded on the family: one row covers every token ever issued in it. */
  familyRevokedAt: Date | null;
}

/**
 * One opaque refresh token, known here only by its hash. Tokens of one login form a family: each
 * refresh uses up the presented token and adds its successor to the same family.
 */
export class RefreshToken {
  private constructor(private readonly state: RefreshTokenState) {}

  static restore(state: RefreshTokenState): RefreshToken {
    return new RefreshToken({ ...state });
  }

  get id(): string {
    return this.state.id;
  }
  get familyId(): string {
    return this.state.familyId;
  }
  get familyCreatedAt(): Date {
    return this.state.familyCreatedAt;
  }
  get userId(): number {
    return this.state.userId;
  }

  /** Revocation wins over reuse (nothing left to revoke), reuse over expiry (a copy is out there). */
  assess(now: Date): RefreshTokenVerdict {
    if (this.state.familyRevokedAt !== null) return 'revoked';
    if (this.state.usedAt !== null) return now.getTime() - this.state.usedAt.getTime() <= REUSE_GRACE_MS ? 'repeat' : 'reuse';
    if (this.state.expiresAt.getTime() <= now.getTime()) return 'expired';
    return 'rotate';
  }
}

/** What presenting a refresh token amounts to. */
export type RefreshTokenVerdict =
  /** Unused, unexpired, family intact: exchange it for a new pair. */
  | 'rotate'
  /** Already exchanged once: someone holds a copy, so the whole family must be revoked. */
  | 'reuse'
  /** The family was revoked (logout, reuse, deactivation, password change). */
  | 'revoked'
  | 'expired';

export interface RefreshTokenState {
  id: string;
  familyId: string;
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
  get userId(): number {
    return this.state.userId;
  }

  /** Revocation wins over reuse (nothing left to revoke), reuse over expiry (a copy is out there). */
  assess(now: Date): RefreshTokenVerdict {
    if (this.state.familyRevokedAt !== null) return 'revoked';
    if (this.state.usedAt !== null) return 'reuse';
    if (this.state.expiresAt.getTime() <= now.getTime()) return 'expired';
    return 'rotate';
  }
}

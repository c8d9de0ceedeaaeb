import { inject, injectable } from 'inversify';
import { RefreshToken } from '../../../../../domain/modules/auth/refresh-token.entity';
import type { IRefreshTokenRepository, NewRefreshToken, RevocationReason } from '../../../../../domain/modules/auth/refresh-token.repository';
import { INFRA_TYPES } from '../../../../infra.types';
import type { KnexDbContext } from '../../knex-db-context';

interface TokenRow {
  id: string;
  family_id: string;
  family_created_at: Date;
  expires_at: Date;
  used_at: Date | null;
  user_id: number;
  revoked_at: Date | null;
}

const date = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

@injectable()
export class KnexRefreshTokenRepository implements IRefreshTokenRepository {
  constructor(@inject(INFRA_TYPES.KnexDbContext) private readonly context: KnexDbContext) {}

  async createFamily(userId: number, now: Date): Promise<string> {
    const [row]: { id: string }[] = await this.context.executor()('refresh_token_families').insert({ user_id: userId, created_at: now }).returning(['id']);
    return row.id;
  }

  async add(token: NewRefreshToken): Promise<void> {
    await this.context.executor()('refresh_tokens').insert({
      family_id: token.familyId,
      token_hash: token.tokenHash,
      expires_at: token.expiresAt,
      created_at: token.now,
    });
  }

  async findByHashLockingFamily(tokenHash: string): Promise<RefreshToken | null> {
    const db = this.context.executor();
    const located: { family_id: string } | undefined = await db('refresh_tokens').select('family_id').where({ token_hash: tokenHash }).first();
    if (!located) return null;
    // Lock the family first, then read the token in a new statement: under READ COMMITTED that
    // statement sees whatever a concurrent rotation committed while we waited for the lock (reading
    // both in one locking join would return the token as it was before the wait).
    await db('refresh_token_families').select('id').where({ id: located.family_id }).forUpdate();
    const row: TokenRow | undefined = await db('refresh_tokens as t')
      .join('refresh_token_families as f', 'f.id', 't.family_id')
      .select('t.id', 't.family_id', 'f.created_at as family_created_at', 't.expires_at', 't.used_at', 'f.user_id', 'f.revoked_at')
      .where('t.token_hash', tokenHash)
      .first();
    if (!row) return null;
    return RefreshToken.restore({
      id: row.id,
      familyId: row.family_id,
      familyCreatedAt: new Date(row.family_created_at),
      userId: row.user_id,
      expiresAt: new Date(row.expires_at),
      usedAt: date(row.used_at),
      familyRevokedAt: date(row.revoked_at),
    });
  }

  async markUsed(tokenId: string, now: Date): Promise<void> {
    await this.context.executor()('refresh_tokens').where({ id: tokenId }).whereNull('used_at').update({ used_at: now });
  }

  async revokeFamily(familyId: string, reason: RevocationReason, now: Date): Promise<void> {
    await this.context
      .executor()('refresh_token_families')
      .where({ id: familyId })
      .whereNull('revoked_at')
      .update({ revoked_at: now, revoked_reason: reason });
  }

  async purgeDead(cutoff: Date): Promise<{ families: number; tokens: number }> {
    // A dead family never comes back to life (revoked, or its newest token expired: nothing can
    // rotate), so the tokens can go first, keeping their count exact, then the families themselves.
    const dead = `(f.revoked_at < :cutoff OR NOT EXISTS (SELECT 1 FROM refresh_tokens live WHERE live.family_id = f.id AND live.expires_at >= :cutoff))`;
    const tokens = await this.count(`DELETE FROM refresh_tokens t USING refresh_token_families f WHERE t.family_id = f.id AND ${dead} RETURNING 1`, cutoff);
    const families = await this.count(`DELETE FROM refresh_token_families f WHERE ${dead} RETURNING 1`, cutoff);
    return { families, tokens };
  }

  async revokeAllOfUser(userId: number, reason: RevocationReason, now: Date): Promise<number> {
    return this.context
      .executor()('refresh_token_families')
      .where({ user_id: userId })
      .whereNull('revoked_at')
      .update({ revoked_at: now, revoked_reason: reason });
  }

  private async count(deletion: string, cutoff: Date): Promise<number> {
    const { rows } = await this.context.executor().raw<{ rows: { n: string | number }[] }>(`WITH gone AS (${deletion}) SELECT count(*) AS n FROM gone`, { cutoff });
    return Number(rows[0].n);
  }
}

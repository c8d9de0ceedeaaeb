import { inject, injectable } from 'inversify';
import { type Principal, principalKey } from '../../../../../domain/modules/auth/principal';
import type { ISessionVersionRepository } from '../../../../../domain/modules/auth/session-version.repository';
import { INFRA_TYPES } from '../../../../infra.types';
import type { KnexDbContext } from '../../knex-db-context';

// The principal's status and its version in one statement: one snapshot, so a deactivation that
// commits between two reads can never pair "still active" with "old version".
const CURRENT_USER = `
  SELECT coalesce((SELECT version FROM session_versions WHERE principal = ?), 0) AS version
  FROM users WHERE id = ? AND is_active`;
const CURRENT_CLIENT = `
  SELECT coalesce((SELECT version FROM session_versions WHERE principal = ?), 0) AS version
  FROM service_clients WHERE client_id = ? AND is_active`;

@injectable()
export class KnexSessionVersionRepository implements ISessionVersionRepository {
  constructor(@inject(INFRA_TYPES.KnexDbContext) private readonly context: KnexDbContext) {}

  async current(principal: Principal): Promise<number | null> {
    const [sql, id] = principal.kind === 'user' ? [CURRENT_USER, principal.userId] : [CURRENT_CLIENT, principal.clientId];
    const { rows } = await this.context.executor().raw<{ rows: { version: number }[] }>(sql, [principalKey(principal), id]);
    return rows.length === 0 ? null : Number(rows[0].version);
  }

  async bump(principal: Principal, now: Date): Promise<void> {
    await this.context.executor().raw(
      `INSERT INTO session_versions (principal, version, updated_at) VALUES (?, 1, ?)
       ON CONFLICT (principal) DO UPDATE SET version = session_versions.version + 1, updated_at = excluded.updated_at`,
      [principalKey(principal), now],
    );
  }
}

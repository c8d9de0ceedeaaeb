import { KnexDbContext } from '../../infra/database/knex/knex-db-context';
import { KnexUnitOfWork } from '../../infra/database/knex/knex-unit-of-work';
import { KnexRefreshTokenRepository } from '../../infra/database/knex/modules/auth/knex-refresh-token.repository';
import type { CliCommand } from '../cli-context';

/**
 * How long a dead session (revoked, or every token expired) is kept: a spent token presented in
 * that time is still recognised (no new session to revoke, but an answer that names it), and an
 * investigation can still read which session a token belonged to and why it ended.
 */
export const REFRESH_PURGE_RETENTION_DAYS = 30;

export const authPurgeCommand: CliCommand = {
  name: 'auth:purge',
  summary: `delete refresh-token sessions revoked or fully expired more than ${REFRESH_PURGE_RETENTION_DAYS} days ago`,
  async run({ db, out, err }) {
    const cutoff = new Date(Date.now() - REFRESH_PURGE_RETENTION_DAYS * 24 * 60 * 60 * 1000);
    const context = new KnexDbContext(db);
    // One transaction: the two counts describe the same set of sessions.
    const purged = await new KnexUnitOfWork(context).transaction(() => new KnexRefreshTokenRepository(context).purgeDead(cutoff));
    out(JSON.stringify(purged));
    err(`purged ${purged.families} refresh-token famil${purged.families === 1 ? 'y' : 'ies'} and ${purged.tokens} token(s) dead before ${cutoff.toISOString()}`);
    return 0;
  },
};

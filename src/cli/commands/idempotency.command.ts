import { financialSettings } from '../../config/modules/financial.module';
import { KnexDbContext } from '../../infra/database/knex/knex-db-context';
import type { ClaimReleases } from '../../infra/database/knex/modules/financial/claim-releases';
import { KnexIdempotencyStore, RETENTION_HOURS } from '../../infra/database/knex/modules/financial/knex-idempotency.store';
import { INFRA_TYPES } from '../../infra/infra.types';
import type { CliCommand } from '../cli-context';

export const idempotencyPurgeCommand: CliCommand = {
  name: 'idempotency:purge',
  summary: `delete idempotency records older than their ${RETENTION_HOURS} h retention`,
  async run({ db, settings, container, out, err }) {
    const releases = container.get<ClaimReleases>(INFRA_TYPES.ClaimReleases);
    const purged = await new KnexIdempotencyStore(new KnexDbContext(db), financialSettings(settings), releases).purgeExpired();
    out(JSON.stringify({ purged }));
    err(`purged ${purged} expired idempotency record(s)`);
    return 0;
  },
};

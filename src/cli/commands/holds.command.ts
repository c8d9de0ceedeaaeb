import { FINANCIAL_TYPES } from '../../domain/modules/financial/financial.types';
import type { IHoldService } from '../../domain/modules/financial/hold.service';
import type { CliCommand } from '../cli-context';

/** For operators and cron, next to (or instead of) the server's periodic sweep. */
export const holdsExpireCommand: CliCommand = {
  name: 'holds:expire',
  summary: 'record pending holds past their expiry as expired (reads already treat them so); safe beside running servers',
  async run({ container, out, err }) {
    const expired = await container.get<IHoldService>(FINANCIAL_TYPES.IHoldService).expireDue();
    out(JSON.stringify({ expired }));
    err(`recorded ${expired} expired hold(s)`);
    return 0;
  },
};

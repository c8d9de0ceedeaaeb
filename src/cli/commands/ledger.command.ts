import { verifyLedger } from '../../infra/database/knex/modules/financial/ledger-integrity.query';
import type { CliCommand } from '../cli-context';

/** For operators and cron: the report as JSON on stdout, exit 1 when any invariant is broken. */
export const ledgerVerifyCommand: CliCommand = {
  name: 'ledger:verify',
  summary: 'check that every transaction balances and every balance equals its entries (exit 1 on any problem)',
  async run({ db, out, err }) {
    const report = await verifyLedger(db);
    out(JSON.stringify(report, null, 2));
    const counts = `${report.accountsChecked} accounts, ${report.transactionsChecked} transactions`;
    err(report.balanced ? `ledger balanced (${counts})` : `LEDGER NOT BALANCED: ${report.problems.length} problem(s) listed (${counts})`);
    const pending = report.pendingWithdrawals.count;
    if (pending > 0) err(`${pending} withdrawal(s) debited but without a payout result: retry their requests or check them with the gateway`);
    return report.balanced ? 0 : 1;
  },
};

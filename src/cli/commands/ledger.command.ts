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
    if (pending > 0) err(`${pending} withdrawal(s) without a payout result: retry their requests or check them with the gateway`);
    const refunds = report.pendingRefunds.count;
    if (refunds > 0) err(`${refunds} refund(s) debited but without a gateway result: retry their requests or check them with the gateway`);
    const closed = report.closedAccountsWithBalance.count;
    if (closed > 0) err(`${closed} closed account(s) still hold money: sweep each to another account of its owner (POST /v1/accounts/{id}/sweep)`);
    return report.balanced ? 0 : 1;
  },
};

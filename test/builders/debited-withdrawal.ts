import { type Account, settlementAccountId } from '../../src/domain/modules/financial/account.entity';
import { LedgerTransaction } from '../../src/domain/modules/financial/ledger-transaction.entity';
import type { Money } from '../../src/domain/modules/financial/money.value-object';

/**
 * A withdrawal as it was made before withdrawals were held: debited first, `awaiting` its payout,
 * ready to post. Such debits may still be in a ledger when it is upgraded, and their requests
 * still settle (GatewayDebit).
 */
export function debitedWithdrawal(input: { id: string; account: Account; money: Money; gatewayKey: string; now: Date; description?: string | null }): LedgerTransaction {
  const { account, money } = input;
  return LedgerTransaction.restore({
    id: input.id,
    type: 'withdrawal',
    description: input.description ?? null,
    entries: [
      { accountId: account.id, amount: money.negated(), balanceAfter: null },
      { accountId: settlementAccountId(money.currency), amount: money, balanceAfter: null },
    ],
    reversesId: null,
    reversedById: null,
    refundsId: null,
    holdId: null,
    gatewayKey: input.gatewayKey,
    gatewayReference: null,
    payoutState: 'awaiting',
    createdAt: input.now,
  });
}

import type { ErrorCodesOf } from '../../shared/error-codes';
import type * as ClosedAccountErrors from './closed-account.errors';
import type * as FinancialErrors from './financial.errors';
import type * as GatewaySettledErrors from './gateway-settled.errors';
import type * as HoldErrors from './hold.errors';

/**
 * Every code of the financial module's four error files; financial.problems.ts must give each a
 * row (the compiler checks), bar the defects it names.
 */
export type FinancialErrorCode =
  | ErrorCodesOf<typeof FinancialErrors>
  | ErrorCodesOf<typeof ClosedAccountErrors>
  | ErrorCodesOf<typeof GatewaySettledErrors>
  | ErrorCodesOf<typeof HoldErrors>;

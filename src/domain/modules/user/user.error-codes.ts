import type { ErrorCodesOf } from '../../shared/error-codes';
import type * as UserErrors from './user.errors';

/** Every code of user.errors.ts; user.problems.ts must give each a row (the compiler checks). */
export type UserErrorCode = ErrorCodesOf<typeof UserErrors>;

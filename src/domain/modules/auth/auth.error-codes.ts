import type { ErrorCodesOf } from '../../shared/error-codes';
import type * as AuthErrors from './auth.errors';

/** Every code of auth.errors.ts; auth.problems.ts must give each a row (the compiler checks). */
export type AuthErrorCode = ErrorCodesOf<typeof AuthErrors>;

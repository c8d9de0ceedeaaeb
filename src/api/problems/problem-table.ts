import { AUTH_PROBLEMS } from './auth.problems';
import { FINANCIAL_PROBLEMS } from './financial.problems';
import type { ProblemKind } from './problem';
import { PLATFORM_PROBLEMS } from './platform.problems';
import { USER_PROBLEMS } from './user.problems';

/**
 * The one table that turns an error code into an HTTP status. Nothing else in the code base
 * chooses a status for an error. Each module contributes its own part.
 */
export const PROBLEM_TABLE: Readonly<Record<string, ProblemKind>> = {
  ...PLATFORM_PROBLEMS,
  ...USER_PROBLEMS,
  ...AUTH_PROBLEMS,
  ...FINANCIAL_PROBLEMS,
};

export function problemKind(code: string): ProblemKind | undefined {
  return Object.prototype.hasOwnProperty.call(PROBLEM_TABLE, code) ? PROBLEM_TABLE[code] : undefined;
}

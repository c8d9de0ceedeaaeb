import { AUTH_PROBLEMS } from './auth.problems';
import { FINANCIAL_PROBLEMS } from './financial.problems';
import type { ProblemKind } from './problem';
import { PLATFORM_PROBLEMS } from './platform.problems';
import { USER_PROBLEMS } from './user.problems';
import { WEBHOOK_PROBLEMS } from './webhook.problems';

/** Every code that has a status; a domain error whose code is not one of them is a logged 500. */
export type ProblemCode =
  | keyof typeof PLATFORM_PROBLEMS
  | keyof typeof USER_PROBLEMS
  | keyof typeof AUTH_PROBLEMS
  | keyof typeof FINANCIAL_PROBLEMS
  | keyof typeof WEBHOOK_PROBLEMS;

/**
 * The one table that turns an error code into an HTTP status. Nothing else in the code base
 * chooses a status for an error. Each module contributes its own part;
 * test/api/problems/problem-table.test.ts refuses a code in two parts.
 */
export const PROBLEM_TABLE: Readonly<Record<ProblemCode, ProblemKind>> = {
  ...PLATFORM_PROBLEMS,
  ...USER_PROBLEMS,
  ...AUTH_PROBLEMS,
  ...FINANCIAL_PROBLEMS,
  ...WEBHOOK_PROBLEMS,
};

export function problemKind(code: string): ProblemKind | undefined {
  return Object.prototype.hasOwnProperty.call(PROBLEM_TABLE, code) ? PROBLEM_TABLE[code as ProblemCode] : undefined;
}

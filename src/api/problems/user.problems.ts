import type { UserErrorCode } from '../../domain/modules/user/user.error-codes';
import type { ProblemKind } from './problem';

/** A row for every user error: a new error class without one does not compile. */
export const USER_PROBLEMS = {
  INVALID_CPF: { status: 400, title: 'Invalid CPF' },
  USER_NOT_FOUND: { status: 404, title: 'User not found' },
  USER_ALREADY_EXISTS: { status: 409, title: 'User already exists' },
  USER_ALREADY_INACTIVE: { status: 409, title: 'User already inactive' },
  USER_ALREADY_ACTIVE: { status: 409, title: 'User already active' },
  CURRENT_PASSWORD_INVALID: { status: 403, title: 'Current password incorrect' },
} satisfies Record<UserErrorCode, ProblemKind>;

import type { ProblemKind } from './problem';

export const USER_PROBLEMS: Record<string, ProblemKind> = {
  INVALID_CPF: { status: 400, title: 'Invalid CPF' },
  USER_NOT_FOUND: { status: 404, title: 'User not found' },
  USER_ALREADY_EXISTS: { status: 409, title: 'User already exists' },
  USER_ALREADY_INACTIVE: { status: 409, title: 'User already inactive' },
  USER_ALREADY_ACTIVE: { status: 409, title: 'User already active' },
  CURRENT_PASSWORD_INVALID: { status: 403, title: 'Current password incorrect' },
};

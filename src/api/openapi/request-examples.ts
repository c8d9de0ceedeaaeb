import { encodeCursor } from '../http/cursor';

/**
 * The people, accounts and transactions the document's request examples speak of, one story told
 * in operation order: Maria registers, logs in, opens two BRL accounts, deposits, transfers between
 * them, withdraws. CPFs are valid (check digits), ids are distinct on both sides of a transfer.
 * The OpenAPI test validates every example against its joi schema and the domain's value objects.
 * Maria's CPF is not the README's (52998224725), so trying both in any order never collides.
 */
export const MARIA = {
  cpf: '39053344705',
  name: 'Maria Silva',
  email: 'maria.silva@example.com',
  password: 'correct horse battery staple',
} as const;

export const CHECKING_ACCOUNT_ID = '3f2b8c1e-9d4a-4e7b-8a6f-1c2d3e4f5a6b';
export const SAVINGS_ACCOUNT_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
export const DEPOSIT_TRANSACTION_ID = 'b3e1f7a2-5c4d-4f8e-9a1b-2c3d4e5f6a7b';

/** Real cursors of each list's shape, so "Try it out" with them answers 200 (a later page). */
export const CURSORS = {
  users: encodeCursor(42),
  accounts: encodeCursor({ c: '2026-12-01T12:00:00.000Z', i: CHECKING_ACCOUNT_ID }),
  statement: encodeCursor('1042'),
};

export const PAGE_LIMIT = 20;

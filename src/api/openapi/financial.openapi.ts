import Joi from 'joi';
import {
  accountIdParams,
  depositBody,
  listAccountsQuery,
  openAccountBody,
  refundBody,
  statementQuery,
  sweepBody,
  transactionIdParams,
  transferBody,
  withdrawalBody,
} from '../schemas/financial.schemas';
import { holdResponse } from './holds.openapi';
import type { OpenApiModule } from './openapi-builder';
import { GATEWAY, IDEMPOTENCY_REQUIRED, IDEMPOTENT, V1_ROUTE } from './route-problems';
import { CHECKING_ACCOUNT_ID, CURSORS, DEPOSIT_TRANSACTION_ID, MARIA, PAGE_LIMIT, SAVINGS_ACCOUNT_ID } from './request-examples';

const minorUnits = (description: string) => Joi.number().integer().description(`${description}, in minor units (cents)`);
const timestamp = Joi.string().isoDate();
const transactionType = Joi.string().valid('deposit', 'withdrawal', 'transfer', 'reversal', 'refund', 'sweep', 'capture');
const nextCursor = Joi.string().allow(null).required().description('Pass as ?cursor= for the next page; null on the last page');

// What the presenters answer; the OpenAPI test checks real responses against these.
export const accountResponse = Joi.object({
  id: Joi.string().guid().required(),
  ownerId: Joi.number().integer().allow(null).required().description('The owning user; null for system (settlement) accounts'),
  currency: Joi.string().required().example('BRL'),
  status: Joi.string().valid('active', 'frozen', 'closed').required(),
  balance: minorUnits('Posted balance (the sum of the entries)').required(),
  pendingBalance: minorUnits('Reserved by pending holds').required(),
  availableBalance: minorUnits('What a debit may take: balance less pendingBalance').required(),
  createdAt: timestamp.required(),
}).meta({ className: 'Account' });

export const accountPageResponse = Joi.object({ items: Joi.array().items(accountResponse).required(), nextCursor }).meta({ className: 'AccountPage' });

export const transactionResponse = Joi.object({
  id: Joi.string().guid().required(),
  type: transactionType.required(),
  amount: minorUnits('Amount moved').required(),
  currency: Joi.string().required(),
  description: Joi.string().allow(null).required(),
  entries: Joi.array()
    .items(Joi.object({ accountId: Joi.string().guid().required(), amount: minorUnits('Signed amount').required() }))
    .required()
    .description('Double entry: the signed amounts sum to zero'),
  reversesTransactionId: Joi.string().guid().allow(null).required(),
  reversedByTransactionId: Joi.string().guid().allow(null).required(),
  refundsTransactionId: Joi.string().guid().allow(null).required().description('For a refund: the deposit it pays back'),
  holdId: Joi.string().guid().allow(null).required().description('The hold it posts: a capture’s, or a withdrawal’s (null for a withdrawal debited before withdrawals were held)'),
  createdAt: timestamp.required(),
}).meta({ className: 'LedgerTransaction' });

export const statementPageResponse = Joi.object({
  items: Joi.array()
    .items(
      Joi.object({
        transactionId: Joi.string().guid().required(),
        type: transactionType.required(),
        amount: minorUnits('Signed amount for this account').required(),
        balanceAfter: minorUnits('Balance after this line').required(),
        description: Joi.string().allow(null).required(),
        counterpartyAccountId: Joi.string().guid().allow(null).required(),
        createdAt: timestamp.required(),
      }).meta({ className: 'StatementLine' }),
    )
    .required()
    .description('Newest first; balanceAfter is the posted running balance'),
  nextCursor,
  pending: Joi.array().items(holdResponse).required().description('The first page only (empty on later pages): holds still pending on the account, newest first, at most 100; not entries'),
}).meta({ className: 'StatementPage' });

const pendingPayout = {
  accountId: Joi.string().required(),
  amount: Joi.number().integer().required(),
  currency: Joi.string().required(),
  createdAt: Joi.string().required(),
};
const pendingPayouts = (item: Joi.ObjectSchema) => Joi.object({ count: Joi.number().integer().required(), items: Joi.array().items(item).required() }).required();

export const integrityReportResponse = Joi.object({
  balanced: Joi.boolean().required(),
  accountsChecked: Joi.number().integer().required(),
  transactionsChecked: Joi.number().integer().required(),
  problems: Joi.array()
    .items(
      Joi.object({
        kind: Joi.string()
          .valid('UNBALANCED_TRANSACTION', 'TOO_FEW_ENTRIES', 'BALANCE_MISMATCH', 'RUNNING_BALANCE_MISMATCH', 'NEGATIVE_CUSTOMER_BALANCE', 'ENTRY_CURRENCY_MISMATCH', 'PAYOUT_STATE_MISMATCH', 'PENDING_BALANCE_MISMATCH')
          .required(),
        transactionId: Joi.string(),
        accountId: Joi.string(),
        detail: Joi.string().required(),
      }),
    )
    .required(),
  pendingWithdrawals: pendingPayouts(
    Joi.object({
      holdId: Joi.string().allow(null).required().description('The hold reserving the money while the payout runs'),
      transactionId: Joi.string().allow(null).required().description('Instead of holdId, for a withdrawal debited before withdrawals were held'),
      ...pendingPayout,
    }),
  ).description(
    'Withdrawals started over 5 minutes ago whose payout has no result yet (oldest first, at most 100 listed). Not a ledger problem: `balanced` ignores them; each needs its request retried or the gateway asked.',
  ),
  pendingRefunds: pendingPayouts(Joi.object({ transactionId: Joi.string().required(), ...pendingPayout })).description(
    'Refunds debited over 5 minutes ago whose gateway call has no result yet; like pendingWithdrawals.',
  ),
  closedAccountsWithBalance: Joi.object({
    count: Joi.number().integer().required(),
    items: Joi.array()
      .items(
        Joi.object({
          accountId: Joi.string().guid().required(),
          ownerId: Joi.number().integer().required(),
          balance: minorUnits('Money still held').required(),
          currency: Joi.string().required(),
        }),
      )
      .required(),
  })
    .required()
    .description(
      'Closed accounts that still hold money (a charge captured while closing, a failed refund or an earlier debited payout put back), at most 100 listed. Not a ledger problem: `balanced` ignores them; an admin sweeps each (POST /v1/accounts/{id}/sweep) or refunds its deposit.',
    ),
}).meta({ className: 'IntegrityReport' });

const CREATED_TRANSACTION_HEADERS = {
  Location: 'URL of the transaction',
  'Idempotent-Replayed': '"true" when this is the stored answer to an earlier request with the same Idempotency-Key',
};

// What the account rules refuse when money leaves or reaches an account; a concurrent update of the
// same rows that cannot be serialised is a 503 to retry.
const DEBIT = ['ACCOUNT_FROZEN', 'ACCOUNT_CLOSED', 'CURRENCY_MISMATCH', 'INSUFFICIENT_FUNDS', 'CONCURRENCY_CONFLICT'] as const;
const CREDIT = ['ACCOUNT_CLOSED', 'CURRENCY_MISMATCH', 'BALANCE_LIMIT_EXCEEDED', 'CONCURRENCY_CONFLICT'] as const;

export const financialOpenApi: OpenApiModule = {
  tag: { name: 'money', description: 'Accounts, deposits, withdrawals, transfers, statements and the ledger' },
  paths: (api) => {
    const accountId = api.parameters(accountIdParams, 'path', { id: CHECKING_ACCOUNT_ID });
    const transactionId = api.parameters(transactionIdParams, 'path', { id: DEPOSIT_TRANSACTION_ID });
    return {
      '/v1/accounts': {
        post: {
          operationId: 'openAccount',
          summary: 'Open an account',
          description: 'A customer opens their own (ownerCpf omitted or their own); an admin or accounts:write may name any owner.',
          parameters: [api.idempotencyKey(false)],
          requestBody: api.jsonBody(openAccountBody, { currency: 'BRL', ownerCpf: MARIA.cpf }),
          errors: [...V1_ROUTE, ...IDEMPOTENT, 'FORBIDDEN', 'INVALID_CPF', 'USER_NOT_FOUND', 'UNSUPPORTED_CURRENCY', 'ACCOUNT_OWNER_INACTIVE', 'CONCURRENCY_CONFLICT'],
          responses: {
            '201': api.json('The new account', accountResponse, { Location: 'URL of the account' }),
          },
        },
        get: {
          operationId: 'listAccounts',
          summary: 'List accounts (cursor-paginated)',
          description: "A customer sees their own; an admin or accounts:read anyone's (filter with ownerCpf).",
          parameters: api.parameters(listAccountsQuery, 'query', { limit: PAGE_LIMIT, cursor: CURSORS.accounts, ownerCpf: MARIA.cpf }),
          errors: [...V1_ROUTE, 'FORBIDDEN', 'INVALID_CPF', 'USER_NOT_FOUND', 'INVALID_CURSOR'],
          responses: { '200': api.json('A page of accounts', accountPageResponse) },
        },
      },
      '/v1/accounts/{id}': {
        get: {
          operationId: 'getAccount',
          summary: 'Read an account and its balance',
          description: 'The owner, an admin or accounts:read; anyone else gets 404.',
          parameters: accountId,
          errors: [...V1_ROUTE, 'FORBIDDEN', 'ACCOUNT_NOT_FOUND'],
          responses: { '200': api.json('The account', accountResponse) },
        },
      },
      '/v1/accounts/{id}/close': {
        post: {
          operationId: 'closeAccount',
          summary: 'Close an account (its balance must be zero)',
          description: 'The owner, an admin or accounts:write.',
          parameters: [...accountId, api.idempotencyKey(false)],
          errors: [...V1_ROUTE, ...IDEMPOTENT, 'FORBIDDEN', 'ACCOUNT_NOT_FOUND', 'ACCOUNT_CLOSED', 'ACCOUNT_BALANCE_NOT_ZERO', 'SYSTEM_ACCOUNT', 'CONCURRENCY_CONFLICT'],
          responses: { '200': api.json('The closed account', accountResponse) },
        },
      },
      '/v1/accounts/{id}/sweep': {
        post: {
          operationId: 'sweepClosedAccount',
          summary: 'Move the whole balance of a closed account to another account of its owner',
          description:
            'An admin or ledger:admin: the way out for money that reached an account after it closed. The destination must belong to the same owner (422 ACCOUNT_OWNER_MISMATCH), hold the same currency and accept credits; the source must be closed (409 ACCOUNT_NOT_CLOSED) and hold money (409 NOTHING_TO_SWEEP).',
          parameters: [...accountId, api.idempotencyKey(true)],
          requestBody: api.jsonBody(sweepBody, { toAccountId: SAVINGS_ACCOUNT_ID }),
          errors: [...V1_ROUTE, ...IDEMPOTENCY_REQUIRED, ...CREDIT, 'FORBIDDEN', 'ACCOUNT_NOT_FOUND', 'ACCOUNT_NOT_CLOSED', 'NOTHING_TO_SWEEP', 'ACCOUNT_OWNER_MISMATCH', 'SAME_ACCOUNT', 'SYSTEM_ACCOUNT'],
          responses: { '201': api.json('The sweep', transactionResponse, CREATED_TRANSACTION_HEADERS) },
        },
      },
      '/v1/accounts/{id}/transactions': {
        get: {
          operationId: 'accountStatement',
          summary: 'Statement: the account’s ledger lines, newest first, with the running balance',
          description: 'The owner, an admin or accounts:read.',
          parameters: [...accountId, ...api.parameters(statementQuery, 'query', { limit: PAGE_LIMIT, cursor: CURSORS.statement })],
          errors: [...V1_ROUTE, 'FORBIDDEN', 'ACCOUNT_NOT_FOUND', 'INVALID_CURSOR'],
          responses: { '200': api.json('A page of statement lines', statementPageResponse) },
        },
      },
      '/v1/accounts/{id}/deposits': {
        post: {
          operationId: 'deposit',
          summary: 'Deposit through the payment gateway',
          description: 'The owner, an admin or payments:write. A declined charge (402) or a gateway failure (502, 504) changes no balance; a charge captured but not credited answers 500 and is credited by a retry with the same Idempotency-Key.',
          parameters: [...accountId, api.idempotencyKey(true)],
          requestBody: api.jsonBody(depositBody, { amount: 150_000, currency: 'BRL', source: 'tok_visa', description: 'Salary, December' }),
          errors: [...V1_ROUTE, ...IDEMPOTENCY_REQUIRED, ...CREDIT, ...GATEWAY, 'FORBIDDEN', 'ACCOUNT_NOT_FOUND', 'SYSTEM_ACCOUNT', 'UNSUPPORTED_CURRENCY', 'DEPOSIT_NOT_CREDITED'],
          responses: {
            '201': api.json('The deposit', transactionResponse, CREATED_TRANSACTION_HEADERS),
          },
        },
      },
      '/v1/accounts/{id}/withdrawals': {
        post: {
          operationId: 'withdraw',
          summary: 'Withdraw to a payout destination',
          description: 'The owner, an admin or payments:write. The amount is held on the account (a hold of kind `withdrawal`: availableBalance drops) while the payout runs, and the `withdrawal` transaction is posted once the gateway has paid. A payout known to have moved nothing (declined 402, failed 502) voids the hold in the same request; one whose outcome is unknown (504, or 502 for a lost answer) leaves it pending, without expiry, until a retry with the same Idempotency-Key settles it.',
          parameters: [...accountId, api.idempotencyKey(true)],
          requestBody: api.jsonBody(withdrawalBody, { amount: 20_000, currency: 'BRL', destination: 'tok_pix_maria', description: 'Rent' }),
          errors: [...V1_ROUTE, ...IDEMPOTENCY_REQUIRED, ...DEBIT, ...GATEWAY, 'FORBIDDEN', 'ACCOUNT_NOT_FOUND', 'SYSTEM_ACCOUNT', 'UNSUPPORTED_CURRENCY', 'WITHDRAWAL_PENDING'],
          responses: {
            '201': api.json('The withdrawal', transactionResponse, CREATED_TRANSACTION_HEADERS),
          },
        },
      },
      '/v1/transfers': {
        post: {
          operationId: 'transfer',
          summary: 'Transfer between two accounts of the same currency',
          description: 'The owner of the source account, an admin or payments:write.',
          parameters: [api.idempotencyKey(true)],
          requestBody: api.jsonBody(transferBody, { fromAccountId: CHECKING_ACCOUNT_ID, toAccountId: SAVINGS_ACCOUNT_ID, amount: 2_500, currency: 'BRL', description: 'Savings, December' }),
          errors: [...V1_ROUTE, ...IDEMPOTENCY_REQUIRED, ...DEBIT, ...CREDIT, 'FORBIDDEN', 'ACCOUNT_NOT_FOUND', 'SAME_ACCOUNT', 'SYSTEM_ACCOUNT', 'UNSUPPORTED_CURRENCY'],
          responses: { '201': api.json('The transfer', transactionResponse, CREATED_TRANSACTION_HEADERS) },
        },
      },
      '/v1/transactions/{id}': {
        get: {
          operationId: 'getTransaction',
          summary: 'Read a ledger transaction with its entries',
          description: "The owner of one of its accounts, an admin or accounts:read.",
          parameters: transactionId,
          errors: [...V1_ROUTE, 'FORBIDDEN', 'TRANSACTION_NOT_FOUND'],
          responses: { '200': api.json('The transaction', transactionResponse) },
        },
      },
      '/v1/transactions/{id}/reversal': {
        post: {
          operationId: 'reverseTransaction',
          summary: 'Reverse a transaction with a new, opposite one',
          description:
            'An admin or ledger:admin. Entries are never changed or deleted: a mistake is corrected by a reversal. Only money that never left the books (transfers, sweeps) is reversed so: a deposit is refunded instead (409 REFUND_REQUIRED), and a paid-out withdrawal or refund cannot be reversed (409 PAYOUT_SETTLED; WITHDRAWAL_PENDING or REFUND_PENDING while its gateway call has no result).',
          parameters: [...transactionId, api.idempotencyKey(true)],
          errors: [...V1_ROUTE, ...IDEMPOTENCY_REQUIRED, ...DEBIT, ...CREDIT, 'FORBIDDEN', 'TRANSACTION_NOT_FOUND', 'ALREADY_REVERSED', 'NOT_REVERSIBLE', 'REFUND_REQUIRED', 'PAYOUT_SETTLED', 'WITHDRAWAL_PENDING', 'REFUND_PENDING'],
          responses: { '201': api.json('The reversing transaction', transactionResponse, CREATED_TRANSACTION_HEADERS) },
        },
      },
      '/v1/transactions/{id}/refund': {
        post: {
          operationId: 'refundDeposit',
          summary: 'Refund a deposit through the payment gateway, in whole or in part',
          description:
            'An admin or ledger:admin. The account is debited first (422 INSUFFICIENT_FUNDS when the money is gone, and the gateway is not called), even when frozen or closed, then the charge is refunded. A refund known to have moved nothing (402, 502) is put back in the same request; one whose outcome is unknown (504, or 502 for a lost answer) stays debited until a retry with the same Idempotency-Key settles it. Without `amount`, whatever is left of the deposit; never more (409 ALREADY_REFUNDED). Only deposits (422 NOT_REFUNDABLE).',
          parameters: [...transactionId, api.idempotencyKey(true)],
          requestBody: api.jsonBody(refundBody, { amount: 5_000, description: 'Order 1042 cancelled' }),
          errors: [...V1_ROUTE, ...IDEMPOTENCY_REQUIRED, ...DEBIT, ...GATEWAY, 'FORBIDDEN', 'TRANSACTION_NOT_FOUND', 'NOT_REFUNDABLE', 'ALREADY_REFUNDED', 'REFUND_PENDING'],
          responses: {
            '201': api.json('The refund', transactionResponse, CREATED_TRANSACTION_HEADERS),
          },
        },
      },
      '/v1/ledger/integrity': {
        get: {
          operationId: 'ledgerIntegrity',
          summary: 'Check every ledger invariant',
          description:
            'An admin or ledger:admin. Every transaction sums to zero per currency; every stored balance equals the sum of its entries. Also lists, apart, what needs an operator without breaking the books: pending withdrawals and refunds, and closed accounts holding money.',
          errors: [...V1_ROUTE, 'FORBIDDEN'],
          responses: { '200': api.json('The integrity report', integrityReportResponse) },
        },
      },
    };
  },
};

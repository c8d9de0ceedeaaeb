import Joi from 'joi';
import { accountIdParams, captureHoldBody, holdIdParams, listHoldsQuery, placeHoldBody } from '../schemas/financial.schemas';
import type { OpenApiModule } from './openapi-builder';
import { IDEMPOTENCY_REQUIRED, V1_ROUTE } from './route-problems';
import { CHECKING_ACCOUNT_ID, CURSORS, PAGE_LIMIT, SAVINGS_ACCOUNT_ID } from './request-examples';

const HOLD_ID = 'd4c3b2a1-6f5e-4d7c-8b9a-0a1b2c3d4e5f';
const minorUnits = (description: string) => Joi.number().integer().description(`${description}, in minor units (cents)`);
const timestamp = Joi.string().isoDate();

// What the hold presenter answers; the OpenAPI test checks real responses against it.
export const holdResponse = Joi.object({
  id: Joi.string().guid().required(),
  kind: Joi.string()
    .valid('transfer', 'withdrawal')
    .required()
    .description('`transfer`: placed through POST /v1/holds. `withdrawal`: a withdrawal’s money while its payout runs, resolved by the withdrawal only'),
  fromAccountId: Joi.string().guid().required(),
  toAccountId: Joi.string().guid().allow(null).required().description('Null for a withdrawal: the money leaves through the payment gateway'),
  amount: minorUnits('Amount held').required(),
  currency: Joi.string().required().example('BRL'),
  capturedAmount: minorUnits('What the capture posted').allow(null).required(),
  status: Joi.string()
    .valid('pending', 'captured', 'voided', 'expired')
    .required()
    .description('A pending hold is expired from expiresAt on, whether or not the sweeper has recorded it'),
  description: Joi.string().allow(null).required(),
  expiresAt: timestamp.allow(null).required().description('Null for a withdrawal: it stays reserved until the payout’s outcome is known'),
  createdAt: timestamp.required(),
  resolvedAt: timestamp.allow(null).required().description('When captured or voided, or the moment it expired; null while pending'),
  captureTransactionId: Joi.string().guid().allow(null).required().description('The `capture` ledger transaction (the `withdrawal` one for a withdrawal)'),
}).meta({ className: 'Hold' });

const holdPageResponse = Joi.object({
  items: Joi.array().items(holdResponse).required().description('Newest first'),
  nextCursor: Joi.string().allow(null).required().description('Pass as ?cursor= for the next page; null on the last page'),
}).meta({ className: 'HoldPage' });

const HEADERS = { 'Idempotent-Replayed': '"true" when this is the stored answer to an earlier request with the same Idempotency-Key' };
const RESOLVE = [...V1_ROUTE, ...IDEMPOTENCY_REQUIRED, 'FORBIDDEN', 'HOLD_NOT_FOUND', 'HOLD_NOT_PENDING', 'HOLD_SETTLED_BY_PAYOUT', 'CONCURRENCY_CONFLICT'] as const;

export const holdsOpenApi: OpenApiModule = {
  tag: { name: 'holds', description: 'Two-phase transfers: reserve money, then capture it in whole or part, or void it' },
  paths: (api) => {
    const holdId = api.parameters(holdIdParams, 'path', { id: HOLD_ID });
    return {
      '/v1/holds': {
        post: {
          operationId: 'placeHold',
          summary: 'Reserve money on an account for another account',
          description:
            'Who may transfer from the source: its owner, an admin or payments:write. No money moves; the source’s availableBalance drops by the amount (422 INSUFFICIENT_FUNDS when it does not cover it). expiresInSeconds: 1 to 2592000 (30 days), 604800 (7 days) when omitted.',
          parameters: [api.idempotencyKey(true)],
          requestBody: api.jsonBody(placeHoldBody, { fromAccountId: CHECKING_ACCOUNT_ID, toAccountId: SAVINGS_ACCOUNT_ID, amount: 5_000, currency: 'BRL', expiresInSeconds: 3600, description: 'Hotel deposit' }),
          errors: [
            ...V1_ROUTE,
            ...IDEMPOTENCY_REQUIRED,
            'FORBIDDEN',
            'ACCOUNT_NOT_FOUND',
            'ACCOUNT_FROZEN',
            'ACCOUNT_CLOSED',
            'CURRENCY_MISMATCH',
            'INSUFFICIENT_FUNDS',
            'SAME_ACCOUNT',
            'SYSTEM_ACCOUNT',
            'UNSUPPORTED_CURRENCY',
            'CONCURRENCY_CONFLICT',
          ],
          responses: { '201': api.json('The pending hold', holdResponse, { Location: 'URL of the hold', ...HEADERS }) },
        },
      },
      '/v1/holds/{id}': {
        get: {
          operationId: 'getHold',
          summary: 'Read a hold',
          description: 'The owner of its source or destination, an admin or accounts:read; anyone else gets 404.',
          parameters: holdId,
          errors: [...V1_ROUTE, 'FORBIDDEN', 'HOLD_NOT_FOUND'],
          responses: { '200': api.json('The hold', holdResponse) },
        },
      },
      '/v1/holds/{id}/capture': {
        post: {
          operationId: 'captureHold',
          summary: 'Post all or part of a pending hold; the rest is released',
          description:
            'Who may move money from the source. Posts a `capture` transaction from the source to the destination (captureTransactionId). amount: 1 up to the held amount (422 CAPTURE_EXCEEDS_HOLD), the whole hold when omitted. A hold resolves once: 409 HOLD_NOT_PENDING when captured, voided or expired; 409 HOLD_SETTLED_BY_PAYOUT for a withdrawal’s hold.',
          parameters: [...holdId, api.idempotencyKey(true)],
          requestBody: api.jsonBody(captureHoldBody, { amount: 4_200 }),
          errors: [...RESOLVE, 'CAPTURE_EXCEEDS_HOLD', 'ACCOUNT_FROZEN', 'ACCOUNT_CLOSED', 'BALANCE_LIMIT_EXCEEDED'],
          responses: { '200': api.json('The captured hold', holdResponse, HEADERS) },
        },
      },
      '/v1/holds/{id}/void': {
        post: {
          operationId: 'voidHold',
          summary: 'Release a pending hold in full',
          description: 'Who may move money from the source. No money moves. 409 HOLD_NOT_PENDING when captured, voided or expired; 409 HOLD_SETTLED_BY_PAYOUT for a withdrawal’s hold.',
          parameters: [...holdId, api.idempotencyKey(true)],
          errors: [...RESOLVE],
          responses: { '200': api.json('The voided hold', holdResponse, HEADERS) },
        },
      },
      '/v1/accounts/{id}/holds': {
        get: {
          operationId: 'listAccountHolds',
          summary: 'The holds an account places or receives (cursor-paginated, newest first)',
          description: 'The owner, an admin or accounts:read. status filters by the status as of now (a pending hold past its expiry is expired).',
          parameters: [
            ...api.parameters(accountIdParams, 'path', { id: CHECKING_ACCOUNT_ID }),
            ...api.parameters(listHoldsQuery, 'query', { limit: PAGE_LIMIT, cursor: CURSORS.accounts, status: 'pending' }),
          ],
          errors: [...V1_ROUTE, 'FORBIDDEN', 'ACCOUNT_NOT_FOUND', 'INVALID_CURSOR'],
          responses: { '200': api.json('A page of holds', holdPageResponse) },
        },
      },
    };
  },
};

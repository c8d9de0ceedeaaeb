import type { IAccountSweepService } from '../../domain/modules/financial/account-sweep.service';
import type { ListAccountsInput, OpenAccountInput } from '../../domain/modules/financial/account.service';
import type { DepositInput, TransferInput, WithdrawalInput } from '../../domain/modules/financial/money-movement.service';
import type { RefundInput } from '../../domain/modules/financial/refund.service';
import { MAX_HOLD_SECONDS, type HoldStatus } from '../../domain/modules/financial/hold.entity';
import type { CaptureHoldInput, PlaceHoldInput } from '../../domain/modules/financial/hold.service';
import { Joi } from './safe-text.joi';
import { pageQuerySchema, type PageRequest } from '../http/cursor';

// Each schema is declared with the type it produces (Joi.object<T, true> requires exactly T's keys):
// the domain input it feeds, less what the path supplies. Controllers read that type from validate().

/** 10^12 minor units: the largest single movement (SPEC section 4). */
const MAX_AMOUNT = 1_000_000_000_000;

// strict: "100" is refused rather than converted; integer: no fractions of a minor unit. Then the
// amount becomes the bigint the domain takes. joi runs every rule even after one failed (abortEarly
// is off), so the conversion leaves a refused value alone: its errors are already reported.
const optionalAmount = Joi.number()
  .strict()
  .integer()
  .min(1)
  .max(MAX_AMOUNT)
  .custom((value: number) => (Number.isSafeInteger(value) ? BigInt(value) : value), 'minor units as bigint')
  .messages({
    'number.base': 'must be a JSON integer number of minor units',
    'number.integer': 'must be a whole number of minor units',
  });
const amount = optionalAmount.required();
const currency = Joi.string().pattern(/^[A-Z]{3}$/).messages({ 'string.pattern.base': 'must be a three-letter ISO 4217 code in capitals' });
// One line of text: control, invisible and direction characters are refused by every string (safe-text.joi.ts).
const description = Joi.string().trim().min(1).max(200);
// Gateway tokens: visible ASCII only, so they are safe in logs and in the gateway call.
const gatewayToken = Joi.string().min(1).max(128).pattern(/^[\x21-\x7E]+$/).messages({ 'string.pattern.base': 'must be visible ASCII characters' });
// Malformed ids are refused with 400 (never looked up); a well-formed id that is not the caller's answers 404.
// Canonical form only (8-4-4-4-12 hex digits): joi alone also lets through braces, brackets and
// other separators, some of which PostgreSQL cannot parse as a uuid (a 500).
const uuid = Joi.string()
  .pattern(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
  .lowercase()
  .messages({ 'string.pattern.base': 'must be a UUID (8-4-4-4-12 hexadecimal digits)' });
const cpf = Joi.string().trim().max(14).pattern(/^[0-9.-]+$/).messages({ 'string.pattern.base': 'must be a CPF' });

export const accountIdParams = Joi.object<{ id: string }, true>({ id: uuid.required() });
export const transactionIdParams = Joi.object<{ id: string }, true>({ id: uuid.required() });
/** A reversal takes no input besides the transaction in its path. */
export const reversalBody = Joi.object<Record<string, never>, true>({});
/** The deposit's currency is implied; without an amount, whatever is left of the deposit is refunded. */
export const refundBody = Joi.object<Omit<RefundInput, 'depositId'>, true>({ amount: optionalAmount, description });
export const sweepBody = Joi.object<Omit<Parameters<IAccountSweepService['sweep']>[1], 'accountId'>, true>({ toAccountId: uuid.required() });

export const openAccountBody = Joi.object<OpenAccountInput, true>({ currency: currency.required(), ownerCpf: cpf });
export const listAccountsQuery = Joi.object<PageRequest & Pick<ListAccountsInput, 'ownerCpf'>, true>({ ...pageQuerySchema, ownerCpf: cpf });
export const statementQuery = Joi.object<PageRequest, true>(pageQuerySchema);

export const depositBody = Joi.object<Omit<DepositInput, 'accountId'>, true>({
  amount,
  currency: currency.required(),
  source: gatewayToken.required(),
  description,
});
export const withdrawalBody = Joi.object<Omit<WithdrawalInput, 'accountId'>, true>({
  amount,
  currency: currency.required(),
  destination: gatewayToken.required(),
  description,
});
export const transferBody = Joi.object<TransferInput, true>({
  fromAccountId: uuid.required(),
  toAccountId: uuid.required(),
  amount,
  currency: currency.required(),
  description,
});

export const holdIdParams = Joi.object<{ id: string }, true>({ id: uuid.required() });
export const placeHoldBody = Joi.object<PlaceHoldInput, true>({
  fromAccountId: uuid.required(),
  toAccountId: uuid.required(),
  amount,
  currency: currency.required(),
  expiresInSeconds: Joi.number().strict().integer().min(1).max(MAX_HOLD_SECONDS),
  description,
});
/** Without an amount, the whole hold is captured. */
export const captureHoldBody = Joi.object<CaptureHoldInput, true>({ amount: optionalAmount });
/** A void takes no input besides the hold in its path. */
export const voidHoldBody = Joi.object<Record<string, never>, true>({});
const HOLD_STATUSES: HoldStatus[] = ['pending', 'captured', 'voided', 'expired'];
export const listHoldsQuery = Joi.object<PageRequest & { status?: HoldStatus }, true>({
  ...pageQuerySchema,
  status: Joi.string().valid(...HOLD_STATUSES),
});

export interface AccountCursorBody {
  c: Date;
  i: string;
}
// Cursors are checked against what their columns hold, so that a forged one is a 400, never SQL
// that fails: account timestamps are written by this service's clock (years 1 to 9999 cover every
// one, well inside PostgreSQL's range), entry ids are positive bigints.
export const accountCursor = Joi.object<AccountCursorBody>({
  c: Joi.date().iso().min('0001-01-01T00:00:00.000Z').max('9999-12-31T23:59:59.999Z').required(),
  i: uuid.required(),
});
const MAX_BIGINT = 9_223_372_036_854_775_807n;
export const statementCursor = Joi.string()
  .pattern(/^[1-9][0-9]{0,18}$/)
  .custom((value: string, helpers) => (BigInt(value) <= MAX_BIGINT ? value : helpers.error('any.invalid')))
  .required();

import type { Request, Response } from 'express';
import { inject } from 'inversify';
import { controller, httpGet, httpPost, request, response } from 'inversify-express-utils';
import type { Account } from '../../domain/modules/financial/account.entity';
import type { IAccountSweepService } from '../../domain/modules/financial/account-sweep.service';
import type { IAccountService } from '../../domain/modules/financial/account.service';
import { FINANCIAL_TYPES } from '../../domain/modules/financial/financial.types';
import type { IHoldService } from '../../domain/modules/financial/hold.service';
import type { IIdempotencyStore } from '../../domain/modules/financial/idempotency.port';
import type { IMoneyMovementService } from '../../domain/modules/financial/money-movement.service';
import { decodeCursor } from '../http/cursor';
import { principalOf } from '../http/principal';
import { validate } from '../http/validate';
import { allowIdempotency, requireIdempotency, type Created } from '../middlewares/idempotency';
import { presentAccount } from '../presenters/account.presenter';
import { presentHold } from '../presenters/hold.presenter';
import { presentPage } from '../presenters/page.presenter';
import { createdTransaction, presentStatementLine } from '../presenters/transaction.presenter';
import {
  accountCursor,
  accountIdParams,
  depositBody,
  listAccountsQuery,
  listHoldsQuery,
  openAccountBody,
  statementCursor,
  statementQuery,
  sweepBody,
  withdrawalBody,
} from '../schemas/financial.schemas';

const createdAccount = (account: Account): Created => ({ status: 201, body: presentAccount(account), location: `/v1/accounts/${account.id}` });

const openRequest = validate({ body: openAccountBody });
const listRequest = validate({ query: listAccountsQuery });
const accountRequest = validate({ params: accountIdParams });
const sweepRequest = validate({ params: accountIdParams, body: sweepBody });
const statementRequest = validate({ params: accountIdParams, query: statementQuery });
const depositRequest = validate({ params: accountIdParams, body: depositBody });
const withdrawalRequest = validate({ params: accountIdParams, body: withdrawalBody });
const holdsRequest = validate({ params: accountIdParams, query: listHoldsQuery });

/** A statement's first page also shows the holds still pending on the account (at most this many, newest first). */
const STATEMENT_PENDING_LIMIT = 100;

@controller('/v1/accounts')
export class AccountsController {
  constructor(
    @inject(FINANCIAL_TYPES.IAccountService) private readonly accounts: IAccountService,
    @inject(FINANCIAL_TYPES.IMoneyMovementService) private readonly movements: IMoneyMovementService,
    @inject(FINANCIAL_TYPES.IAccountSweepService) private readonly sweeps: IAccountSweepService,
    @inject(FINANCIAL_TYPES.IHoldService) private readonly holds: IHoldService,
    // The idempotency record joins the services' transactions: both run on the open one (KnexDbContext).
    @inject(FINANCIAL_TYPES.IIdempotencyStore) private readonly idempotency: IIdempotencyStore,
  ) {}

  @httpPost('/', openRequest)
  async open(@request() req: Request, @response() res: Response): Promise<void> {
    const actor = principalOf(res);
    const { body } = openRequest.of(req);
    await allowIdempotency(this.idempotency, req, res, {
      present: createdAccount,
      run: (record) => this.accounts.open(actor, body, record),
    });
  }

  @httpGet('/', listRequest)
  async list(@request() req: Request, @response() res: Response): Promise<void> {
    const { limit, cursor, ownerCpf } = listRequest.of(req).query;
    const after = decodeCursor(cursor, accountCursor);
    const page = await this.accounts.list(principalOf(res), { limit, ownerCpf, after: after && { createdAt: after.c, id: after.i } });
    res.json(presentPage(page, presentAccount, (key) => ({ c: key.createdAt.toISOString(), i: key.id })));
  }

  @httpGet('/:id', accountRequest)
  async get(@request() req: Request, @response() res: Response): Promise<void> {
    res.json(presentAccount(await this.accounts.get(principalOf(res), accountRequest.of(req).params.id)));
  }

  @httpPost('/:id/close', accountRequest)
  async close(@request() req: Request, @response() res: Response): Promise<void> {
    const actor = principalOf(res);
    const { id } = accountRequest.of(req).params;
    await allowIdempotency(this.idempotency, req, res, {
      present: (account: Account) => ({ status: 200, body: presentAccount(account), location: null }),
      run: (record) => this.accounts.close(actor, id, record),
    });
  }

  /** A closed account's whole balance, to another account of its owner (admins and ledger:admin). */
  @httpPost('/:id/sweep', sweepRequest)
  async sweep(@request() req: Request, @response() res: Response): Promise<void> {
    const actor = principalOf(res);
    const { params, body } = sweepRequest.of(req);
    await requireIdempotency(this.idempotency, req, res, {
      present: createdTransaction,
      run: (record) => this.sweeps.sweep(actor, { accountId: params.id, toAccountId: body.toAccountId }, record),
    });
  }

  @httpGet('/:id/transactions', statementRequest)
  async statement(@request() req: Request, @response() res: Response): Promise<void> {
    const { params, query } = statementRequest.of(req);
    const actor = principalOf(res);
    const page = await this.accounts.statement(actor, params.id, { limit: query.limit, after: decodeCursor(query.cursor, statementCursor) });
    // Pending holds are not entries (balanceAfter stays the posted running balance): listed apart, on the first page.
    const pending =
      query.cursor === undefined ? (await this.holds.listForAccount(actor, params.id, { status: 'pending' }, { limit: STATEMENT_PENDING_LIMIT })).items : [];
    res.json({ ...presentPage(page, presentStatementLine, (entryId) => entryId), pending: pending.map(presentHold) });
  }

  @httpGet('/:id/holds', holdsRequest)
  async listHolds(@request() req: Request, @response() res: Response): Promise<void> {
    const { params, query } = holdsRequest.of(req);
    const after = decodeCursor(query.cursor, accountCursor);
    const page = await this.holds.listForAccount(principalOf(res), params.id, { status: query.status }, {
      limit: query.limit,
      after: after && { createdAt: after.c, id: after.i },
    });
    res.json(presentPage(page, presentHold, (key) => ({ c: key.createdAt.toISOString(), i: key.id })));
  }

  @httpPost('/:id/deposits', depositRequest)
  async deposit(@request() req: Request, @response() res: Response): Promise<void> {
    const actor = principalOf(res);
    const { params, body } = depositRequest.of(req);
    const { amount, currency, source, description } = body;
    await requireIdempotency(this.idempotency, req, res, {
      present: createdTransaction,
      run: (record) => this.movements.deposit(actor, { accountId: params.id, amount, currency, source, description }, record),
    });
  }

  @httpPost('/:id/withdrawals', withdrawalRequest)
  async withdraw(@request() req: Request, @response() res: Response): Promise<void> {
    const actor = principalOf(res);
    const { params, body } = withdrawalRequest.of(req);
    const { amount, currency, destination, description } = body;
    await requireIdempotency(this.idempotency, req, res, {
      present: createdTransaction,
      run: (record) => this.movements.withdraw(actor, { accountId: params.id, amount, currency, destination, description }, record),
    });
  }
}

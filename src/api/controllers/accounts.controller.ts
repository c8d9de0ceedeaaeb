import type { Request, Response } from 'express';
import { inject } from 'inversify';
import { controller, httpGet, httpPost, request, response } from 'inversify-express-utils';
import type { Account } from '../../domain/modules/financial/account.entity';
import type { IAccountSweepService } from '../../domain/modules/financial/account-sweep.service';
import type { IAccountService } from '../../domain/modules/financial/account.service';
import { FINANCIAL_TYPES } from '../../domain/modules/financial/financial.types';
import type { IIdempotencyStore } from '../../domain/modules/financial/idempotency.port';
import type { IMoneyMovementService } from '../../domain/modules/financial/money-movement.service';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { principalOf } from '../http/principal';
import { validate } from '../http/validate';
import { allowIdempotency, requireIdempotency, type Created } from '../middlewares/idempotency';
import { presentAccount } from '../presenters/account.presenter';
import { createdTransaction, presentStatementLine } from '../presenters/transaction.presenter';
import {
  accountCursor,
  accountIdParams,
  depositBody,
  listAccountsQuery,
  openAccountBody,
  statementCursor,
  statementQuery,
  sweepBody,
  withdrawalBody,
} from '../schemas/financial.schemas';

const createdAccount = (account: Account): Created => ({ status: 201, body: presentAccount(account), location: `/v1/accounts/${account.id}` });

@controller('/v1/accounts')
export class AccountsController {
  constructor(
    @inject(FINANCIAL_TYPES.IAccountService) private readonly accounts: IAccountService,
    @inject(FINANCIAL_TYPES.IMoneyMovementService) private readonly movements: IMoneyMovementService,
    @inject(FINANCIAL_TYPES.IAccountSweepService) private readonly sweeps: IAccountSweepService,
    // Same request scope as the services: the idempotency record joins their transactions.
    @inject(FINANCIAL_TYPES.IIdempotencyStore) private readonly idempotency: IIdempotencyStore,
  ) {}

  @httpPost('/', validate({ body: openAccountBody }))
  async open(@request() req: Request, @response() res: Response): Promise<void> {
    const actor = principalOf(res);
    await allowIdempotency(this.idempotency, req, res, {
      present: createdAccount,
      run: (record) => this.accounts.open(actor, req.body, record),
    });
  }

  @httpGet('/', validate({ query: listAccountsQuery }))
  async list(@request() req: Request, @response() res: Response): Promise<void> {
    const { limit, cursor, ownerCpf } = req.query as unknown as { limit: number; cursor?: string; ownerCpf?: string };
    const after = decodeCursor(cursor, accountCursor);
    const page = await this.accounts.list(principalOf(res), { limit, ownerCpf, after: after && { createdAt: after.c, id: after.i } });
    const next = page.nextKey;
    res.json({ items: page.items.map(presentAccount), nextCursor: next === null ? null : encodeCursor({ c: next.createdAt.toISOString(), i: next.id }) });
  }

  @httpGet('/:id', validate({ params: accountIdParams }))
  async get(@request() req: Request, @response() res: Response): Promise<void> {
    res.json(presentAccount(await this.accounts.get(principalOf(res), req.params.id)));
  }

  @httpPost('/:id/close', validate({ params: accountIdParams }))
  async close(@request() req: Request, @response() res: Response): Promise<void> {
    const actor = principalOf(res);
    await allowIdempotency(this.idempotency, req, res, {
      present: (account: Account) => ({ status: 200, body: presentAccount(account), location: null }),
      run: (record) => this.accounts.close(actor, req.params.id, record),
    });
  }

  /** A closed account's whole balance, to another account of its owner (admins and ledger:admin). */
  @httpPost('/:id/sweep', validate({ params: accountIdParams, body: sweepBody }))
  async sweep(@request() req: Request, @response() res: Response): Promise<void> {
    const actor = principalOf(res);
    const { toAccountId } = req.body as { toAccountId: string };
    await requireIdempotency(this.idempotency, req, res, {
      present: createdTransaction,
      run: (record) => this.sweeps.sweep(actor, { accountId: req.params.id, toAccountId }, record),
    });
  }

  @httpGet('/:id/transactions', validate({ params: accountIdParams, query: statementQuery }))
  async statement(@request() req: Request, @response() res: Response): Promise<void> {
    const { limit, cursor } = req.query as unknown as { limit: number; cursor?: string };
    const page = await this.accounts.statement(principalOf(res), req.params.id, { limit, after: decodeCursor(cursor, statementCursor) });
    res.json({ items: page.items.map(presentStatementLine), nextCursor: page.nextKey === null ? null : encodeCursor(page.nextKey) });
  }

  @httpPost('/:id/deposits', validate({ params: accountIdParams, body: depositBody }))
  async deposit(@request() req: Request, @response() res: Response): Promise<void> {
    const actor = principalOf(res);
    const { amount, currency, source, description } = req.body as { amount: number; currency: string; source: string; description?: string };
    await requireIdempotency(this.idempotency, req, res, {
      present: createdTransaction,
      run: (record) => this.movements.deposit(actor, { accountId: req.params.id, amount: BigInt(amount), currency, source, description }, record),
    });
  }

  @httpPost('/:id/withdrawals', validate({ params: accountIdParams, body: withdrawalBody }))
  async withdraw(@request() req: Request, @response() res: Response): Promise<void> {
    const actor = principalOf(res);
    const { amount, currency, destination, description } = req.body as { amount: number; currency: string; destination: string; description?: string };
    await requireIdempotency(this.idempotency, req, res, {
      present: createdTransaction,
      run: (record) => this.movements.withdraw(actor, { accountId: req.params.id, amount: BigInt(amount), currency, destination, description }, record),
    });
  }
}

import type { Request, Response } from 'express';
import { inject } from 'inversify';
import { controller, httpGet, httpPost, request, response } from 'inversify-express-utils';
import { FINANCIAL_TYPES } from '../../domain/modules/financial/financial.types';
import type { IIdempotencyStore } from '../../domain/modules/financial/idempotency.port';
import type { ILedgerService } from '../../domain/modules/financial/ledger.service';
import type { IMoneyMovementService } from '../../domain/modules/financial/money-movement.service';
import type { IRefundService } from '../../domain/modules/financial/refund.service';
import { principalOf } from '../http/principal';
import { validate } from '../http/validate';
import { requireIdempotency } from '../middlewares/idempotency';
import { createdTransaction, presentTransaction } from '../presenters/transaction.presenter';
import { refundBody, reversalBody, transactionIdParams } from '../schemas/financial.schemas';

@controller('/v1/transactions')
export class TransactionsController {
  constructor(
    @inject(FINANCIAL_TYPES.ILedgerService) private readonly ledger: ILedgerService,
    @inject(FINANCIAL_TYPES.IMoneyMovementService) private readonly movements: IMoneyMovementService,
    @inject(FINANCIAL_TYPES.IRefundService) private readonly refunds: IRefundService,
    @inject(FINANCIAL_TYPES.IIdempotencyStore) private readonly idempotency: IIdempotencyStore,
  ) {}

  @httpGet('/:id', validate({ params: transactionIdParams }))
  async get(@request() req: Request, @response() res: Response): Promise<void> {
    res.json(presentTransaction(await this.ledger.getTransaction(principalOf(res), req.params.id)));
  }

  @httpPost('/:id/reversal', validate({ params: transactionIdParams, body: reversalBody }))
  async reverse(@request() req: Request, @response() res: Response): Promise<void> {
    const actor = principalOf(res);
    await requireIdempotency(this.idempotency, req, res, {
      present: createdTransaction,
      run: (record) => this.movements.reverse(actor, req.params.id, record),
    });
  }

  @httpPost('/:id/refund', validate({ params: transactionIdParams, body: refundBody }))
  async refund(@request() req: Request, @response() res: Response): Promise<void> {
    const actor = principalOf(res);
    const { amount, description } = req.body as { amount?: number; description?: string };
    await requireIdempotency(this.idempotency, req, res, {
      present: createdTransaction,
      run: (record) => this.refunds.refund(actor, { depositId: req.params.id, amount: amount === undefined ? undefined : BigInt(amount), description }, record),
    });
  }
}

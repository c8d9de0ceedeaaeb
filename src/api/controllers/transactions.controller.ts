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

const transactionRequest = validate({ params: transactionIdParams });
const reversalRequest = validate({ params: transactionIdParams, body: reversalBody });
const refundRequest = validate({ params: transactionIdParams, body: refundBody });

@controller('/v1/transactions')
export class TransactionsController {
  constructor(
    @inject(FINANCIAL_TYPES.ILedgerService) private readonly ledger: ILedgerService,
    @inject(FINANCIAL_TYPES.IMoneyMovementService) private readonly movements: IMoneyMovementService,
    @inject(FINANCIAL_TYPES.IRefundService) private readonly refunds: IRefundService,
    @inject(FINANCIAL_TYPES.IIdempotencyStore) private readonly idempotency: IIdempotencyStore,
  ) {}

  @httpGet('/:id', transactionRequest)
  async get(@request() req: Request, @response() res: Response): Promise<void> {
    res.json(presentTransaction(await this.ledger.getTransaction(principalOf(res), transactionRequest.of(req).params.id)));
  }

  @httpPost('/:id/reversal', reversalRequest)
  async reverse(@request() req: Request, @response() res: Response): Promise<void> {
    const actor = principalOf(res);
    const { id } = reversalRequest.of(req).params;
    await requireIdempotency(this.idempotency, req, res, {
      present: createdTransaction,
      run: (record) => this.movements.reverse(actor, id, record),
    });
  }

  @httpPost('/:id/refund', refundRequest)
  async refund(@request() req: Request, @response() res: Response): Promise<void> {
    const actor = principalOf(res);
    const { params, body } = refundRequest.of(req);
    const { amount, description } = body;
    await requireIdempotency(this.idempotency, req, res, {
      present: createdTransaction,
      run: (record) => this.refunds.refund(actor, { depositId: params.id, amount, description }, record),
    });
  }
}

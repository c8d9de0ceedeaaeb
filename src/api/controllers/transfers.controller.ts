import type { Request, Response } from 'express';
import { inject } from 'inversify';
import { controller, httpPost, request, response } from 'inversify-express-utils';
import { FINANCIAL_TYPES } from '../../domain/modules/financial/financial.types';
import type { IIdempotencyStore } from '../../domain/modules/financial/idempotency.port';
import type { IMoneyMovementService } from '../../domain/modules/financial/money-movement.service';
import { SHARED_TYPES } from '../../domain/shared/shared.types';
import type { IUnitOfWork } from '../../domain/shared/unit-of-work.port';
import { principalOf } from '../http/principal';
import { validate } from '../http/validate';
import { requireIdempotencyInOneStatement } from '../middlewares/one-statement-idempotency';
import { createdTransaction } from '../presenters/transaction.presenter';
import { transferBody } from '../schemas/financial.schemas';

const transferRequest = validate({ body: transferBody });

@controller('/v1/transfers')
export class TransfersController {
  constructor(
    @inject(FINANCIAL_TYPES.IMoneyMovementService) private readonly movements: IMoneyMovementService,
    @inject(FINANCIAL_TYPES.IIdempotencyStore) private readonly idempotency: IIdempotencyStore,
    @inject(SHARED_TYPES.IUnitOfWork) private readonly uow: IUnitOfWork,
  ) {}

  @httpPost('/', transferRequest)
  async transfer(@request() req: Request, @response() res: Response): Promise<void> {
    const actor = principalOf(res);
    const { fromAccountId, toAccountId, amount, currency, description } = transferRequest.of(req).body;
    // Pure ledger work: the key's record and the movement commit in one statement.
    await requireIdempotencyInOneStatement(this.idempotency, this.uow, req, res, {
      present: createdTransaction,
      run: (record) => this.movements.transfer(actor, { fromAccountId, toAccountId, amount, currency, description }, record),
    });
  }
}

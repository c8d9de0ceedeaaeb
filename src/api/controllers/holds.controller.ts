import type { Request, Response } from 'express';
import { inject } from 'inversify';
import { controller, httpGet, httpPost, request, response } from 'inversify-express-utils';
import { FINANCIAL_TYPES } from '../../domain/modules/financial/financial.types';
import type { IHoldService } from '../../domain/modules/financial/hold.service';
import type { IIdempotencyStore } from '../../domain/modules/financial/idempotency.port';
import { SHARED_TYPES } from '../../domain/shared/shared.types';
import type { IUnitOfWork } from '../../domain/shared/unit-of-work.port';
import { principalOf } from '../http/principal';
import { validate } from '../http/validate';
import { requireIdempotencyInOneCommit } from '../middlewares/one-commit-idempotency';
import { createdHold, presentHold, resolvedHold } from '../presenters/hold.presenter';
import { captureHoldBody, holdIdParams, placeHoldBody, voidHoldBody } from '../schemas/financial.schemas';

const placeRequest = validate({ body: placeHoldBody });
const holdRequest = validate({ params: holdIdParams });
const captureRequest = validate({ params: holdIdParams, body: captureHoldBody });
const voidRequest = validate({ params: holdIdParams, body: voidHoldBody });

// Pure ledger work, like a transfer: each key's record and its change commit in one transaction.
@controller('/v1/holds')
export class HoldsController {
  constructor(
    @inject(FINANCIAL_TYPES.IHoldService) private readonly holds: IHoldService,
    @inject(FINANCIAL_TYPES.IIdempotencyStore) private readonly idempotency: IIdempotencyStore,
    @inject(SHARED_TYPES.IUnitOfWork) private readonly uow: IUnitOfWork,
  ) {}

  @httpPost('/', placeRequest)
  async place(@request() req: Request, @response() res: Response): Promise<void> {
    const actor = principalOf(res);
    const { body } = placeRequest.of(req);
    await requireIdempotencyInOneCommit(this.idempotency, this.uow, req, res, {
      present: createdHold,
      run: (record) => this.holds.place(actor, body, record),
    });
  }

  @httpGet('/:id', holdRequest)
  async get(@request() req: Request, @response() res: Response): Promise<void> {
    res.json(presentHold(await this.holds.get(principalOf(res), holdRequest.of(req).params.id)));
  }

  @httpPost('/:id/capture', captureRequest)
  async capture(@request() req: Request, @response() res: Response): Promise<void> {
    const actor = principalOf(res);
    const { params, body } = captureRequest.of(req);
    await requireIdempotencyInOneCommit(this.idempotency, this.uow, req, res, {
      present: resolvedHold,
      run: (record) => this.holds.capture(actor, params.id, body, record),
    });
  }

  @httpPost('/:id/void', voidRequest)
  async void(@request() req: Request, @response() res: Response): Promise<void> {
    const actor = principalOf(res);
    const { id } = voidRequest.of(req).params;
    await requireIdempotencyInOneCommit(this.idempotency, this.uow, req, res, {
      present: resolvedHold,
      run: (record) => this.holds.void(actor, id, record),
    });
  }
}

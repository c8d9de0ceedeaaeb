import type { Request, Response } from 'express';
import { inject } from 'inversify';
import { controller, httpGet, request, response } from 'inversify-express-utils';
import { FINANCIAL_TYPES } from '../../domain/modules/financial/financial.types';
import type { ILedgerService } from '../../domain/modules/financial/ledger.service';
import { principalOf } from '../http/principal';

@controller('/v1/ledger')
export class LedgerController {
  constructor(@inject(FINANCIAL_TYPES.ILedgerService) private readonly ledger: ILedgerService) {}

  @httpGet('/integrity')
  async integrity(@request() _req: Request, @response() res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await this.ledger.verifyIntegrity(principalOf(res)));
  }
}

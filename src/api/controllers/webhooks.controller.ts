import type { Request, Response } from 'express';
import { inject } from 'inversify';
import { controller, httpDelete, httpGet, httpPost, request, response } from 'inversify-express-utils';
import type { IWebhookService } from '../../domain/modules/webhook/webhook.service';
import { WEBHOOK_TYPES } from '../../domain/modules/webhook/webhook.types';
import { decodeCursor } from '../http/cursor';
import { principalOf } from '../http/principal';
import { validate } from '../http/validate';
import { presentPage } from '../presenters/page.presenter';
import { presentDelivery, presentRegisteredWebhook, presentWebhook } from '../presenters/webhook.presenter';
import { deliveryCursor, listDeliveriesQuery, listWebhooksQuery, registerWebhookBody, webhookCursor, webhookIdParams } from '../schemas/webhook.schemas';

const registerRequest = validate({ body: registerWebhookBody });
const listRequest = validate({ query: listWebhooksQuery });
const webhookRequest = validate({ params: webhookIdParams });
const deliveriesRequest = validate({ params: webhookIdParams, query: listDeliveriesQuery });

/**
 * Webhook endpoints: admins and `webhooks:admin`. No Idempotency-Key on registration: its answer
 * holds the secret, which must not be kept anywhere else to be replayed.
 */
@controller('/v1/webhooks')
export class WebhooksController {
  constructor(@inject(WEBHOOK_TYPES.IWebhookService) private readonly webhooks: IWebhookService) {}

  @httpPost('/', registerRequest)
  async register(@request() req: Request, @response() res: Response): Promise<void> {
    const endpoint = await this.webhooks.register(principalOf(res), registerRequest.of(req).body);
    res.status(201).location(`/v1/webhooks/${endpoint.id}`).json(presentRegisteredWebhook(endpoint));
  }

  @httpGet('/', listRequest)
  async list(@request() req: Request, @response() res: Response): Promise<void> {
    const { limit, cursor } = listRequest.of(req).query;
    const after = decodeCursor(cursor, webhookCursor);
    const page = await this.webhooks.list(principalOf(res), { limit, after: after && { createdAt: after.c, id: after.i } });
    res.json(presentPage(page, presentWebhook, (key) => ({ c: key.createdAt.toISOString(), i: key.id })));
  }

  @httpGet('/:id', webhookRequest)
  async get(@request() req: Request, @response() res: Response): Promise<void> {
    res.json(presentWebhook(await this.webhooks.get(principalOf(res), webhookRequest.of(req).params.id)));
  }

  /** Disables: the endpoint and its deliveries stay readable. */
  @httpDelete('/:id', webhookRequest)
  async disable(@request() req: Request, @response() res: Response): Promise<void> {
    res.json(presentWebhook(await this.webhooks.disable(principalOf(res), webhookRequest.of(req).params.id)));
  }

  @httpGet('/:id/deliveries', deliveriesRequest)
  async deliveries(@request() req: Request, @response() res: Response): Promise<void> {
    const { params, query } = deliveriesRequest.of(req);
    const after = decodeCursor(query.cursor, deliveryCursor);
    const page = await this.webhooks.deliveries(principalOf(res), params.id, {
      limit: query.limit,
      status: query.status,
      after: after && { position: BigInt(after.p), id: after.i },
    });
    res.json(presentPage(page, presentDelivery, (key) => ({ p: key.position.toString(), i: key.id })));
  }
}

import type { Principal } from '../auth/principal';
import type { Page, PageQuery } from '../../shared/pagination';
import type { WebhookDelivery, WebhookDeliveryStatus } from './webhook-delivery';
import type { WebhookEndpoint } from './webhook-endpoint.entity';
import type { DeliveryKey, EndpointKey } from './webhook.repository';

export interface RegisterWebhookInput {
  url: string;
  events: string[];
}

export interface ListDeliveriesInput extends PageQuery<DeliveryKey> {
  status?: WebhookDeliveryStatus;
}

/** Managing webhook endpoints: admins and `webhooks:admin` (webhook-access.policy.ts). */
export interface IWebhookService {
  /** The new endpoint; its `secret` is the only time the caller sees it. */
  register(actor: Principal, input: RegisterWebhookInput): Promise<WebhookEndpoint>;
  list(actor: Principal, query: PageQuery<EndpointKey>): Promise<Page<WebhookEndpoint, EndpointKey>>;
  get(actor: Principal, id: string): Promise<WebhookEndpoint>;
  /** No new deliveries are queued for it, and those still pending are marked failed, unsent. */
  disable(actor: Principal, id: string): Promise<WebhookEndpoint>;
  deliveries(actor: Principal, id: string, query: ListDeliveriesInput): Promise<Page<WebhookDelivery, DeliveryKey>>;
}

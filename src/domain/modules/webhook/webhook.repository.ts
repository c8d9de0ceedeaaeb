import type { Page, PageQuery } from '../../shared/pagination';
import type { WebhookDelivery, WebhookDeliveryStatus } from './webhook-delivery';
import type { WebhookEndpoint } from './webhook-endpoint.entity';

export interface EndpointKey {
  createdAt: Date;
  id: string;
}

export interface IWebhookEndpointRepository {
  insert(endpoint: WebhookEndpoint): Promise<void>;
  findById(id: string): Promise<WebhookEndpoint | null>;
  /** Oldest first. */
  list(query: PageQuery<EndpointKey>): Promise<Page<WebhookEndpoint, EndpointKey>>;
  updateStatus(endpoint: WebhookEndpoint): Promise<void>;
}

/** A deliveries page is in delivery order: by position, then id. */
export interface DeliveryKey {
  position: bigint;
  id: string;
}

export interface IWebhookDeliveryRepository {
  /** A disabled endpoint's queue ends: what was still pending is failed, unsent. */
  failPending(endpointId: string, now: Date): Promise<void>;
  listForEndpoint(endpointId: string, query: PageQuery<DeliveryKey> & { status?: WebhookDeliveryStatus }): Promise<Page<WebhookDelivery, DeliveryKey>>;
}

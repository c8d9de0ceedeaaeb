import type { WebhookDelivery } from '../../domain/modules/webhook/webhook-delivery';
import type { WebhookEndpoint } from '../../domain/modules/webhook/webhook-endpoint.entity';

export interface WebhookEndpointResponse {
  id: string;
  url: string;
  events: string[];
  status: string;
  createdAt: string;
  createdBy: string;
}

/** Never the secret: it is shown once, by presentRegisteredWebhook. */
export function presentWebhook(endpoint: WebhookEndpoint): WebhookEndpointResponse {
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: [...endpoint.events],
    status: endpoint.status,
    createdAt: endpoint.createdAt.toISOString(),
    createdBy: endpoint.createdBy,
  };
}

export function presentRegisteredWebhook(endpoint: WebhookEndpoint): WebhookEndpointResponse & { secret: string } {
  return { ...presentWebhook(endpoint), secret: endpoint.secret };
}

export interface WebhookDeliveryResponse {
  id: string;
  eventId: string;
  eventType: string;
  position: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export function presentDelivery(delivery: WebhookDelivery): WebhookDeliveryResponse {
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    position: delivery.position.toString(),
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
    createdAt: delivery.createdAt.toISOString(),
  };
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event queued for one endpoint, and how its sending went so far (a read model). */
export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  position: bigint;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

export const WEBHOOK_TYPES = {
  IWebhookService: Symbol.for('IWebhookService'),
  IWebhookEndpointRepository: Symbol.for('IWebhookEndpointRepository'),
  IWebhookDeliveryRepository: Symbol.for('IWebhookDeliveryRepository'),
  IWebhookTargetGuard: Symbol.for('IWebhookTargetGuard'),
} as const;

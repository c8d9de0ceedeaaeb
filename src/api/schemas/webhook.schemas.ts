import type { WebhookDeliveryStatus } from '../../domain/modules/webhook/webhook-delivery';
import type { RegisterWebhookInput } from '../../domain/modules/webhook/webhook.service';
import { type PageRequest, pageQuerySchema } from '../http/cursor';
import { Joi } from './safe-text.joi';

const uuid = Joi.string()
  .pattern(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
  .lowercase()
  .messages({ 'string.pattern.base': 'must be a UUID (8-4-4-4-12 hexadecimal digits)' });

// The shape only; which hosts and schemes may receive deliveries is the target guard's rule (SSRF).
const url = Joi.string().trim().max(2048).uri({ scheme: ['http', 'https'] });
const eventType = Joi.string()
  .max(90)
  .pattern(/^(\*|(transaction|hold|account|user)\.[a-z][a-z0-9_.]*)$/)
  .messages({ 'string.pattern.base': 'must be "*" or an event type starting with transaction., hold., account. or user.' });

export const registerWebhookBody = Joi.object<RegisterWebhookInput, true>({
  url: url.required(),
  events: Joi.array().items(eventType).min(1).max(50).unique().required(),
});

export const webhookIdParams = Joi.object<{ id: string }, true>({ id: uuid.required() });
export const listWebhooksQuery = Joi.object<PageRequest, true>(pageQuerySchema);
export const listDeliveriesQuery = Joi.object<PageRequest & { status?: WebhookDeliveryStatus }, true>({
  ...pageQuerySchema,
  status: Joi.string().valid('pending', 'delivered', 'failed'),
});

export interface WebhookCursorBody {
  c: Date;
  i: string;
}
export const webhookCursor = Joi.object<WebhookCursorBody>({
  c: Joi.date().iso().min('0001-01-01T00:00:00.000Z').max('9999-12-31T23:59:59.999Z').required(),
  i: uuid.required(),
});

export interface DeliveryCursorBody {
  p: string;
  i: string;
}
// Positions are positive bigints (the outbox's), carried as decimal text.
export const deliveryCursor = Joi.object<DeliveryCursorBody>({
  p: Joi.string().pattern(/^[0-9]{1,19}$/).custom((value: string, helpers) => (BigInt(value) <= 9_223_372_036_854_775_807n ? value : helpers.error('any.invalid'))).required(),
  i: uuid.required(),
});

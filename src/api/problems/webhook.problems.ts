import type { WebhookErrorCode } from '../../domain/modules/webhook/webhook.error-codes';
import type { ProblemKind } from './problem';

/** Webhook endpoints (a row for every webhook error: the compiler checks). */
export const WEBHOOK_PROBLEMS = {
  WEBHOOK_NOT_FOUND: { status: 404, title: 'Webhook endpoint not found' },
  WEBHOOK_URL_REFUSED: { status: 422, title: 'Webhook URL refused' },
  INVALID_WEBHOOK_EVENT_TYPE: { status: 400, title: 'Invalid webhook event type' },
} satisfies Record<WebhookErrorCode, ProblemKind>;

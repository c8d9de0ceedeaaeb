import { ForbiddenError } from '../auth/auth.errors';
import { type Principal, canReachAll } from '../auth/principal';

/**
 * Who may manage webhook endpoints and read their deliveries: admins and services holding
 * `webhooks:admin`, nobody else (403, before anything is looked up). An endpoint receives every
 * customer's events, so no customer may register or read one, even their own.
 */
export class WebhookAccessPolicy {
  assertMayAdminister(actor: Principal): void {
    if (!canReachAll(actor, 'webhooks:admin')) throw new ForbiddenError();
  }
}

export const webhookAccessPolicy = new WebhookAccessPolicy();

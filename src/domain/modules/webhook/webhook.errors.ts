import { DomainError, NotFoundError } from '../../shared/domain-error';

/** No such endpoint, or not visible to the caller. */
export class WebhookNotFoundError extends NotFoundError {
  readonly code = 'WEBHOOK_NOT_FOUND';

  constructor() {
    super('Webhook endpoint not found');
  }
}

/**
 * The URL may not receive deliveries: a scheme other than https in production, or a host that is
 * (or resolves to) a private, loopback, link-local or otherwise non-public address.
 */
export class WebhookUrlRefusedError extends DomainError {
  readonly code = 'WEBHOOK_URL_REFUSED';

  constructor(reason: string) {
    super(`The webhook URL is refused: ${reason}`);
  }
}

/** An event type that no event of this service can have. */
export class InvalidWebhookEventTypeError extends DomainError {
  readonly code = 'INVALID_WEBHOOK_EVENT_TYPE';

  constructor(type: string) {
    super(`Unknown event type "${type}": use "*" or a type starting with transaction., hold., account. or user.`);
  }
}

import type { EventType } from '../../shared/events.port';
import { InvalidWebhookEventTypeError } from './webhook.errors';

export type WebhookEndpointStatus = 'active' | 'disabled';

/** `*` (every event) or one exact event type. */
export type WebhookEventFilter = '*' | EventType;

const EVENT_TYPE = /^(transaction|hold|account|user)\.[a-z][a-z0-9_.]{0,79}$/;

/** Duplicates dropped, order kept; anything that cannot match an event of this service is refused. */
export function parseEventFilters(types: readonly string[]): WebhookEventFilter[] {
  if (types.length === 0) throw new InvalidWebhookEventTypeError('');
  for (const type of types) {
    if (type !== '*' && !EVENT_TYPE.test(type)) throw new InvalidWebhookEventTypeError(type);
  }
  return [...new Set(types)] as WebhookEventFilter[];
}

export interface WebhookEndpointProps {
  id: string;
  url: string;
  events: readonly WebhookEventFilter[];
  /** Signs every delivery (Standard Webhooks `whsec_…`); shown to the caller once, at registration. */
  secret: string;
  status: WebhookEndpointStatus;
  createdAt: Date;
  /** Who registered it (`user:1`, `service:ops`). */
  createdBy: string;
}

/** Where events are POSTed, and which ones. */
export class WebhookEndpoint {
  private constructor(private props: WebhookEndpointProps) {}

  static register(input: Omit<WebhookEndpointProps, 'status' | 'events'> & { events: readonly string[] }): WebhookEndpoint {
    return new WebhookEndpoint({ ...input, events: parseEventFilters(input.events), status: 'active' });
  }

  static restore(props: WebhookEndpointProps): WebhookEndpoint {
    return new WebhookEndpoint({ ...props });
  }

  get id(): string {
    return this.props.id;
  }
  get url(): string {
    return this.props.url;
  }
  get events(): readonly WebhookEventFilter[] {
    return this.props.events;
  }
  get secret(): string {
    return this.props.secret;
  }
  get status(): WebhookEndpointStatus {
    return this.props.status;
  }
  get createdAt(): Date {
    return this.props.createdAt;
  }
  get createdBy(): string {
    return this.props.createdBy;
  }

  get isActive(): boolean {
    return this.props.status === 'active';
  }

  /** Whether an event of this type is queued for the endpoint (only while it is active). */
  wants(type: string): boolean {
    return this.isActive && this.props.events.some((filter) => filter === '*' || filter === type);
  }

  /** Stops new deliveries; disabling a disabled endpoint changes nothing (DELETE is idempotent). */
  disable(): void {
    this.props = { ...this.props, status: 'disabled' };
  }
}

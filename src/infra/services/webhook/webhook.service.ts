import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import { type Principal, principalKey } from '../../../domain/modules/auth/principal';
import { webhookAccessPolicy } from '../../../domain/modules/webhook/webhook-access.policy';
import type { WebhookDelivery } from '../../../domain/modules/webhook/webhook-delivery';
import { WebhookEndpoint } from '../../../domain/modules/webhook/webhook-endpoint.entity';
import type { IWebhookTargetGuard } from '../../../domain/modules/webhook/webhook-target.port';
import { WebhookNotFoundError } from '../../../domain/modules/webhook/webhook.errors';
import type { DeliveryKey, EndpointKey, IWebhookDeliveryRepository, IWebhookEndpointRepository } from '../../../domain/modules/webhook/webhook.repository';
import type { IWebhookService, ListDeliveriesInput, RegisterWebhookInput } from '../../../domain/modules/webhook/webhook.service';
import { WEBHOOK_TYPES } from '../../../domain/modules/webhook/webhook.types';
import type { IAuditLog } from '../../../domain/shared/audit-log.port';
import type { IClock } from '../../../domain/shared/clock.port';
import type { Page, PageQuery } from '../../../domain/shared/pagination';
import { SHARED_TYPES } from '../../../domain/shared/shared.types';
import type { IUnitOfWork } from '../../../domain/shared/unit-of-work.port';
import { newWebhookSecret } from './webhook-signature';

@injectable()
export class WebhookService implements IWebhookService {
  constructor(
    @inject(WEBHOOK_TYPES.IWebhookEndpointRepository) private readonly endpoints: IWebhookEndpointRepository,
    @inject(WEBHOOK_TYPES.IWebhookDeliveryRepository) private readonly deliveryRepository: IWebhookDeliveryRepository,
    @inject(WEBHOOK_TYPES.IWebhookTargetGuard) private readonly targets: IWebhookTargetGuard,
    @inject(SHARED_TYPES.IUnitOfWork) private readonly uow: IUnitOfWork,
    @inject(SHARED_TYPES.IClock) private readonly clock: IClock,
    @inject(SHARED_TYPES.IAuditLog) private readonly audit: IAuditLog,
  ) {}

  async register(actor: Principal, input: RegisterWebhookInput): Promise<WebhookEndpoint> {
    webhookAccessPolicy.assertMayAdminister(actor);
    // The event types first (no lookup needed), then the URL (it may resolve a host name).
    const draft = { id: randomUUID(), url: input.url, events: input.events, secret: newWebhookSecret(), createdAt: this.clock.now(), createdBy: principalKey(actor) };
    const endpoint = WebhookEndpoint.register(draft);
    await this.targets.assertAllowed(endpoint.url);
    await this.endpoints.insert(endpoint);
    // The host only: a URL's path or query may carry a receiver's own token.
    this.audit.record({ type: 'webhook.registered', target: `webhook:${endpoint.id}`, detail: { host: new URL(endpoint.url).host, events: endpoint.events.join(' ') } });
    return endpoint;
  }

  async list(actor: Principal, query: PageQuery<EndpointKey>): Promise<Page<WebhookEndpoint, EndpointKey>> {
    webhookAccessPolicy.assertMayAdminister(actor);
    return this.endpoints.list(query);
  }

  async get(actor: Principal, id: string): Promise<WebhookEndpoint> {
    webhookAccessPolicy.assertMayAdminister(actor);
    return this.found(id);
  }

  async disable(actor: Principal, id: string): Promise<WebhookEndpoint> {
    webhookAccessPolicy.assertMayAdminister(actor);
    return this.uow.transaction(async () => {
      const endpoint = await this.found(id);
      if (!endpoint.isActive) return endpoint;
      endpoint.disable();
      await this.endpoints.updateStatus(endpoint);
      await this.deliveryRepository.failPending(endpoint.id, this.clock.now());
      this.audit.record({ type: 'webhook.disabled', target: `webhook:${endpoint.id}` });
      return endpoint;
    });
  }

  async deliveries(actor: Principal, id: string, query: ListDeliveriesInput): Promise<Page<WebhookDelivery, DeliveryKey>> {
    webhookAccessPolicy.assertMayAdminister(actor);
    await this.found(id);
    return this.deliveryRepository.listForEndpoint(id, query);
  }

  private async found(id: string): Promise<WebhookEndpoint> {
    return (await this.endpoints.findById(id)) ?? Promise.reject(new WebhookNotFoundError());
  }
}

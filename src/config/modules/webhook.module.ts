import { ContainerModule, type interfaces } from 'inversify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { IClock } from '../../domain/shared/clock.port';
import { SHARED_TYPES } from '../../domain/shared/shared.types';
import { WEBHOOK_TYPES } from '../../domain/modules/webhook/webhook.types';
import { type TargetRules, WebhookTargetGuard } from '../../infra/adapters/webhook/webhook-target.guard';
import { WebhookHttpSender } from '../../infra/adapters/webhook/webhook-http.sender';
import { KnexWebhookDeliveryRepository } from '../../infra/database/knex/modules/webhook/knex-webhook-delivery.repository';
import { KnexWebhookEndpointRepository } from '../../infra/database/knex/modules/webhook/knex-webhook-endpoint.repository';
import { WebhookDeliveryQueue } from '../../infra/database/knex/modules/webhook/webhook-delivery.queue';
import { webhookMetrics } from '../../infra/metrics/webhook.metrics';
import { WebhookDeliveryWorker } from '../../infra/services/webhook/webhook-delivery.worker';
import { WebhookFanOut } from '../../infra/services/webhook/webhook-fan-out.subscriber';
import { WebhookService } from '../../infra/services/webhook/webhook.service';
import type { Settings } from '../settings';

export const WEBHOOK_WORKER = Symbol.for('WebhookDeliveryWorker');

const BATCH_SIZE = 20;

export function webhookTargetRules(settings: Settings): TargetRules {
  return { httpsOnly: settings.nodeEnv === 'production', allowPrivate: settings.webhooksAllowPrivate };
}

/** Endpoints, their delivery queue (filled by the outbox's dispatcher through WebhookFanOut) and the worker that empties it. */
export function webhookModule(settings: Settings, logger: Logger, metrics: Registry): ContainerModule {
  const rules = webhookTargetRules(settings);
  const counters = webhookMetrics(metrics);
  return new ContainerModule((bind) => {
    bind(WEBHOOK_TYPES.IWebhookEndpointRepository).to(KnexWebhookEndpointRepository).inSingletonScope();
    bind(WEBHOOK_TYPES.IWebhookDeliveryRepository).to(KnexWebhookDeliveryRepository).inSingletonScope();
    bind(WEBHOOK_TYPES.IWebhookTargetGuard).toConstantValue(new WebhookTargetGuard(rules));
    bind(WEBHOOK_TYPES.IWebhookService).to(WebhookService).inSingletonScope();
    // Written in the dispatcher's transaction (the open one, see KnexDbContext).
    bind(SHARED_TYPES.IEventSubscriber).to(WebhookFanOut).inSingletonScope();
    bind(WebhookDeliveryQueue).toSelf().inSingletonScope();
    bind(WEBHOOK_WORKER)
      .toDynamicValue((context: interfaces.Context) => {
        const queue = context.container.get(WebhookDeliveryQueue);
        const sender = new WebhookHttpSender(rules, settings.webhookTimeoutMs);
        const options = { intervalMs: settings.webhookWorkerIntervalMs, timeoutMs: settings.webhookTimeoutMs, batchSize: BATCH_SIZE };
        return new WebhookDeliveryWorker(queue, sender, context.container.get<IClock>(SHARED_TYPES.IClock), options, counters, logger);
      })
      .inSingletonScope();
  });
}

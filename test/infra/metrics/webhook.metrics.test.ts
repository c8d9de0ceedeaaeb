import { expect } from 'chai';
import { Registry } from 'prom-client';
import { webhookMetrics } from '../../../src/infra/metrics/webhook.metrics';

describe('webhook metrics', () => {
  it('counts attempts by outcome, and reports the pending count and the age of the oldest', async () => {
    const registry = new Registry();
    const metrics = webhookMetrics(registry);
    metrics.attempt('retried');
    metrics.attempt('retried');
    metrics.attempt('delivered');
    metrics.queue({ count: 3, oldestCreatedAt: new Date('2026-12-04T10:00:00Z') }, new Date('2026-12-04T10:01:30Z'));
    const text = await registry.metrics();
    expect(text).to.include('webhook_deliveries_total{outcome="retried"} 2');
    expect(text).to.include('webhook_deliveries_total{outcome="delivered"} 1');
    expect(text).to.include('webhook_deliveries_pending 3');
    expect(text).to.include('webhook_oldest_pending_age_seconds 90');
    metrics.queue({ count: 0, oldestCreatedAt: null }, new Date());
    expect(await registry.metrics()).to.include('webhook_oldest_pending_age_seconds 0');
  });
});

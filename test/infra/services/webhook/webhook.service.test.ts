import { expect } from 'chai';
import { ForbiddenError } from '../../../../src/domain/modules/auth/auth.errors';
import type { Principal } from '../../../../src/domain/modules/auth/principal';
import { WebhookEndpoint } from '../../../../src/domain/modules/webhook/webhook-endpoint.entity';
import type { IWebhookTargetGuard } from '../../../../src/domain/modules/webhook/webhook-target.port';
import { InvalidWebhookEventTypeError, WebhookNotFoundError, WebhookUrlRefusedError } from '../../../../src/domain/modules/webhook/webhook.errors';
import type { IWebhookDeliveryRepository, IWebhookEndpointRepository } from '../../../../src/domain/modules/webhook/webhook.repository';
import type { IAuditLog } from '../../../../src/domain/shared/audit-log.port';
import { WebhookService } from '../../../../src/infra/services/webhook/webhook.service';
import { FakeUnitOfWork } from '../../../doubles/fake-unit-of-work';
import { rejectionOf } from '../../../doubles/rejection';
import { stubPort } from '../../../doubles/stub-port';

const NOW = new Date('2026-12-04T10:00:00Z');
const ADMIN: Principal = { kind: 'user', userId: 1, role: 'admin' };
const CUSTOMER: Principal = { kind: 'user', userId: 2, role: 'customer' };

function makeSut() {
  const endpoints = stubPort<IWebhookEndpointRepository>();
  const deliveries = stubPort<IWebhookDeliveryRepository>();
  const targets = stubPort<IWebhookTargetGuard>();
  const audit = stubPort<IAuditLog>();
  const uow = new FakeUnitOfWork();
  const service = new WebhookService(endpoints, deliveries, targets, uow, { now: () => NOW }, audit);
  return { service, endpoints, deliveries, targets, audit, uow };
}

const stored = (status: 'active' | 'disabled') =>
  WebhookEndpoint.restore({ id: 'w-1', url: 'https://hooks.example.com/a?token=t', events: ['*'], secret: 'whsec_x', status, createdAt: NOW, createdBy: 'user:1' });

describe('WebhookService', () => {
  it('registers with a fresh secret, after the URL check, and audits the host only', async () => {
    const sut = makeSut();
    const endpoint = await sut.service.register(ADMIN, { url: 'https://hooks.example.com/a?token=t', events: ['transaction.posted'] });
    expect(endpoint).to.include({ url: 'https://hooks.example.com/a?token=t', status: 'active', createdBy: 'user:1' });
    expect(endpoint.secret).to.match(/^whsec_/);
    expect(sut.targets.assertAllowed.calledOnceWithExactly('https://hooks.example.com/a?token=t')).to.equal(true);
    expect(sut.endpoints.insert.calledOnceWithExactly(endpoint)).to.equal(true);
    const [event] = sut.audit.record.firstCall.args;
    expect(event).to.deep.equal({ type: 'webhook.registered', target: 'webhook:' + endpoint.id, detail: { host: 'hooks.example.com', events: 'transaction.posted' } });
    expect(JSON.stringify(event)).not.to.include(endpoint.secret);
  });

  it('refuses a customer before anything else, and stores nothing for a refused URL or event type', async () => {
    const sut = makeSut();
    expect(await rejectionOf(sut.service.register(CUSTOMER, { url: 'https://x.example.com', events: ['*'] }))).to.be.instanceOf(ForbiddenError);
    expect(sut.targets.assertAllowed.called).to.equal(false);
    expect(await rejectionOf(sut.service.register(ADMIN, { url: 'https://x.example.com', events: ['ledger.x'] }))).to.be.instanceOf(InvalidWebhookEventTypeError);
    sut.targets.assertAllowed.rejects(new WebhookUrlRefusedError('https is required'));
    expect(await rejectionOf(sut.service.register(ADMIN, { url: 'http://x.example.com', events: ['*'] }))).to.be.instanceOf(WebhookUrlRefusedError);
    expect(sut.endpoints.insert.called).to.equal(false);
    expect(sut.audit.record.called).to.equal(false);
  });

  it('disables in one transaction, failing what is pending; an endpoint already disabled is left alone', async () => {
    const sut = makeSut();
    sut.endpoints.findById.resolves(stored('active'));
    expect((await sut.service.disable(ADMIN, 'w-1')).status).to.equal('disabled');
    expect(sut.uow.transactions).to.equal(1);
    expect(sut.endpoints.updateStatus.calledOnce).to.equal(true);
    expect(sut.deliveries.failPending.calledOnceWithExactly('w-1', NOW)).to.equal(true);

    const again = makeSut();
    again.endpoints.findById.resolves(stored('disabled'));
    expect((await again.service.disable(ADMIN, 'w-1')).status).to.equal('disabled');
    expect(again.endpoints.updateStatus.called || again.deliveries.failPending.called || again.audit.record.called).to.equal(false);
  });

  it('answers 404 for an unknown endpoint, its deliveries included', async () => {
    const sut = makeSut();
    sut.endpoints.findById.resolves(null);
    expect(await rejectionOf(sut.service.get(ADMIN, 'nope'))).to.be.instanceOf(WebhookNotFoundError);
    expect(await rejectionOf(sut.service.deliveries(ADMIN, 'nope', { limit: 10 }))).to.be.instanceOf(WebhookNotFoundError);
    expect(sut.deliveries.listForEndpoint.called).to.equal(false);
  });
});

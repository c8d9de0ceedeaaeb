import { expect } from 'chai';
import { WebhookEndpoint, parseEventFilters } from '../../../../src/domain/modules/webhook/webhook-endpoint.entity';
import { InvalidWebhookEventTypeError } from '../../../../src/domain/modules/webhook/webhook.errors';

const NOW = new Date('2026-12-04T10:00:00Z');
const draft = (events: string[]) => ({ id: 'e-1', url: 'https://hooks.example.com/x', events, secret: 'whsec_abc', createdAt: NOW, createdBy: 'user:1' });

describe('WebhookEndpoint', () => {
  it('registers active, with its fields and the event filters deduplicated in order', () => {
    const endpoint = WebhookEndpoint.register(draft(['transaction.posted', '*', 'transaction.posted']));
    expect(endpoint.isActive).to.equal(true);
    expect(endpoint.status).to.equal('active');
    expect(endpoint.events).to.deep.equal(['transaction.posted', '*']);
    expect([endpoint.id, endpoint.url, endpoint.secret, endpoint.createdBy]).to.deep.equal(['e-1', 'https://hooks.example.com/x', 'whsec_abc', 'user:1']);
    expect(endpoint.createdAt).to.equal(NOW);
  });

  it('wants exactly its types, or everything with "*", and nothing once disabled', () => {
    const exact = WebhookEndpoint.register(draft(['hold.captured']));
    expect(exact.wants('hold.captured')).to.equal(true);
    expect(exact.wants('hold.voided')).to.equal(false);
    const all = WebhookEndpoint.register(draft(['*']));
    expect(all.wants('user.deactivated')).to.equal(true);
    all.disable();
    expect(all.wants('user.deactivated')).to.equal(false);
    expect(all.status).to.equal('disabled');
    all.disable();
    expect(all.status).to.equal('disabled');
  });

  it('restores a row as it was', () => {
    const endpoint = WebhookEndpoint.restore({ ...draft([]), events: ['account.frozen'], status: 'disabled' });
    expect(endpoint.isActive).to.equal(false);
    expect(endpoint.events).to.deep.equal(['account.frozen']);
  });

  it('refuses no types at all and any type outside transaction., hold., account., user. or "*"', () => {
    expect(() => parseEventFilters([])).to.throw(InvalidWebhookEventTypeError);
    for (const bad of ['ledger.posted', 'transaction.', 'transaction', '**', 'Transaction.posted', 'transaction.*', ' user.x']) {
      expect(() => WebhookEndpoint.register(draft([bad])), bad).to.throw(InvalidWebhookEventTypeError, /Unknown event type/);
    }
    expect(parseEventFilters(['user.password_changed', 'account.closed'])).to.deep.equal(['user.password_changed', 'account.closed']);
  });
});

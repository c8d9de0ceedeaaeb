import { expect } from 'chai';
import { InvalidWebhookEventTypeError, WebhookNotFoundError, WebhookUrlRefusedError } from '../../../../src/domain/modules/webhook/webhook.errors';

describe('webhook errors', () => {
  it('carry stable codes and say what was wrong', () => {
    expect(new WebhookNotFoundError().code).to.equal('WEBHOOK_NOT_FOUND');
    const refused = new WebhookUrlRefusedError('https is required');
    expect([refused.code, refused.message]).to.deep.equal(['WEBHOOK_URL_REFUSED', 'The webhook URL is refused: https is required']);
    expect(new InvalidWebhookEventTypeError('ledger.x').message).to.include('"ledger.x"');
  });
});

import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { newWebhookSecret, signatureHeaders } from '../../../../src/infra/services/webhook/webhook-signature';

describe('webhook signatures (Standard Webhooks)', () => {
  it('signs "id.timestamp.body" with HMAC-SHA256 under the base64 key after whsec_, as v1,<base64>', () => {
    const secret = `whsec_${Buffer.from('a 32-byte key for the test only!').toString('base64')}`;
    const body = '{"id":"evt","type":"transaction.posted"}';
    const headers = signatureHeaders(secret, 'evt-1', 1_765_000_000, body);
    // Computed here from the scheme's definition, not by the code under test.
    const expected = createHmac('sha256', Buffer.from('a 32-byte key for the test only!')).update(`evt-1.1765000000.${body}`).digest('base64');
    expect(headers).to.deep.equal({ 'webhook-id': 'evt-1', 'webhook-timestamp': '1765000000', 'webhook-signature': `v1,${expected}` });
  });

  it('issues secrets of 32 random bytes, prefixed whsec_, each different', () => {
    const [a, b] = [newWebhookSecret(), newWebhookSecret()];
    expect(a).to.match(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), 'base64')).to.have.length(32);
    expect(a).not.to.equal(b);
  });
});

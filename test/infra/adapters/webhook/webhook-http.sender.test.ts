import { expect } from 'chai';
import { WebhookHttpSender } from '../../../../src/infra/adapters/webhook/webhook-http.sender';
import { listen } from '../../../helpers/listening-server';
import { useWebhookReceiver } from '../../../helpers/webhook-receiver';

const LOCAL = { httpsOnly: false, allowPrivate: true };
// Production's address rule, over http so that a local receiver can show what would have been sent.
const PUBLIC_ONLY = { httpsOnly: false, allowPrivate: false };
const request = (url: string) => ({ url, headers: { 'webhook-id': 'evt-1' }, body: '{"a":1}' });

describe('WebhookHttpSender', () => {
  const webhooks = useWebhookReceiver();

  it('2xx is delivered; any other status is not, and says only its status', async () => {
    const sender = new WebhookHttpSender(LOCAL, 2_000);
    webhooks.receiver.answer(204, 410);
    expect(await sender.send(request(webhooks.receiver.url))).to.deep.equal({ delivered: true, statusCode: 204, error: null });
    expect(await sender.send(request(webhooks.receiver.url))).to.deep.equal({ delivered: false, statusCode: 410, error: 'HTTP 410' });
    expect(webhooks.receiver.received[0].body).to.equal('{"a":1}');
    expect(webhooks.receiver.received[0].headers).to.include({ 'webhook-id': 'evt-1', 'content-type': 'application/json', 'user-agent': 'fincore-webhooks' });
  });

  it('does not follow a redirect: a 3xx is a failed attempt, and its target is never asked', async () => {
    const redirecting = await listen((_req, res) => res.writeHead(307, { Location: webhooks.receiver.url }).end());
    try {
      const outcome = await new WebhookHttpSender(LOCAL, 2_000).send(request(`http://127.0.0.1:${redirecting.port}/hook`));
      expect(outcome).to.deep.equal({ delivered: false, statusCode: 307, error: 'HTTP 307' });
      expect(webhooks.receiver.received).to.have.length(0);
    } finally {
      await redirecting.close();
    }
  });

  it('gives up after its timeout', async () => {
    const silent = await listen(() => undefined);
    try {
      const started = Date.now();
      expect(await new WebhookHttpSender(LOCAL, 1_000).send(request(`http://127.0.0.1:${silent.port}/hook`))).to.deep.equal({ delivered: false, statusCode: null, error: 'timeout' });
      expect(Date.now() - started).to.be.within(900, 3_000);
    } finally {
      await silent.close();
    }
  });

  it('applies the address rule when connecting: a name that resolves to loopback now (DNS rebinding) and a literal loopback are refused, nothing sent', async () => {
    const sender = new WebhookHttpSender(PUBLIC_ONLY, 2_000);
    const byName = await sender.send(request(`http://localhost:${webhooks.receiver.port}/hook`));
    expect(byName.delivered).to.equal(false);
    expect(byName.error).to.match(/"localhost" is \(or resolves to\) a non-public address/);
    const literal = await sender.send(request(`http://127.0.0.1:${webhooks.receiver.port}/hook`));
    expect(literal.error).to.match(/non-public address \(127\.0\.0\.1\)/);
    expect(webhooks.receiver.received).to.have.length(0);
  });

  it('refuses plain http in production, and a network error says only its kind', async () => {
    const production = new WebhookHttpSender({ httpsOnly: true, allowPrivate: true }, 2_000);
    expect((await production.send(request(webhooks.receiver.url))).error).to.match(/https is required/);
    const closed = await new WebhookHttpSender(LOCAL, 2_000).send(request('http://127.0.0.1:1/hook'));
    expect(closed).to.deep.equal({ delivered: false, statusCode: null, error: 'network error: ECONNREFUSED' });
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { useMigratedDatabase } from '../helpers/database';
import { useWebhookReceiver } from '../helpers/webhook-receiver';
import { anEvent, webhookWorld } from '../infra/services/webhook/webhook-world';

type VerifyWebhook = (secret: string, headers: Record<string, unknown>, body: string, toleranceSeconds?: number) => boolean;

/** The README's `verify-webhook.js`, as written, loaded as a module. */
function readmeVerifier(): VerifyWebhook {
  const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
  const block = /```js\n(\/\/ verify-webhook\.js\n[\s\S]*?)```/.exec(readme);
  expect(block, 'the README shows verify-webhook.js').to.not.equal(null);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fincore-verify-')), 'verify-webhook.js');
  fs.writeFileSync(file, block![1]);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(file) as { verifyWebhook: VerifyWebhook }).verifyWebhook;
}

describe("the README's webhook verification, on real deliveries", () => {
  const database = useMigratedDatabase();
  const webhooks = useWebhookReceiver();

  it('accepts what the worker sends, and refuses another secret, a changed body or an old timestamp', async () => {
    const verifyWebhook = readmeVerifier();
    // The real clock: the README's check refuses timestamps more than 5 minutes away from now.
    const world = webhookWorld(database.db, { now: () => new Date() });
    const endpoint = await world.endpoint(webhooks.receiver.url);
    await world.publish(anEvent('account.frozen', { accountId: 'a-1', status: 'frozen' }));
    expect(await world.worker().runOnce()).to.equal(1);
    const [{ headers, body }] = webhooks.receiver.received;

    expect(verifyWebhook(endpoint.secret, headers, body)).to.equal(true);
    const other = await world.endpoint(webhooks.receiver.url);
    expect(verifyWebhook(other.secret, headers, body), 'another secret').to.equal(false);
    expect(verifyWebhook(endpoint.secret, headers, body.replace('frozen', 'active')), 'a changed body').to.equal(false);
    expect(verifyWebhook(endpoint.secret, { ...headers, 'webhook-id': 'x' }, body), 'another id').to.equal(false);
    expect(verifyWebhook(endpoint.secret, headers, body, -1), 'outside the tolerance').to.equal(false);
    expect(verifyWebhook(endpoint.secret, { ...headers, 'webhook-signature': undefined }, body)).to.equal(false);
  });
});

import { expect } from 'chai';
import { isPublicAddress } from '../../../../src/infra/adapters/webhook/public-address';
import { WebhookTargetGuard } from '../../../../src/infra/adapters/webhook/webhook-target.guard';
import { WebhookUrlRefusedError } from '../../../../src/domain/modules/webhook/webhook.errors';
import { rejectionOf } from '../../../doubles/rejection';

const PRODUCTION = { httpsOnly: true, allowPrivate: false };
// A resolver that knows a few names, so the table never depends on the machine's DNS.
const NAMES: Record<string, string[]> = {
  'hooks.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'rebind.example.com': ['127.0.0.1'],
  'mixed.example.com': ['93.184.215.14', '10.0.0.7'],
};
const resolve = async (host: string) => NAMES[host] ?? Promise.reject(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }));
const guard = new WebhookTargetGuard(PRODUCTION, resolve);

const REFUSED_ADDRESSES = [
  '127.0.0.1', '127.8.9.10', '10.1.2.3', '172.16.0.1', '172.31.255.254', '192.168.1.1', '169.254.169.254', '100.64.0.1', '100.127.255.1',
  '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'ff02::1',
  '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:169.254.169.254', '2002:7f00:1::1', '64:ff9b::7f00:1', '::7f00:1',
];
const PUBLIC_ADDRESSES = ['93.184.215.14', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:2800:21f:cb07:6820:80da:af6b:8b2c', '::ffff:8.8.8.8'];

describe('webhook targets (SSRF)', () => {
  describe('addresses', () => {
    for (const address of REFUSED_ADDRESSES) it(`${address} is not public`, () => expect(isPublicAddress(address)).to.equal(false));
    for (const address of PUBLIC_ADDRESSES) it(`${address} is public`, () => expect(isPublicAddress(address)).to.equal(true));
    it('text that is no address is not public', () => expect(isPublicAddress('localhost')).to.equal(false));
  });

  describe('URLs in production', () => {
    const refused: [string, RegExp][] = [
      ['https://127.0.0.1/hook', /non-public address \(127\.0\.0\.1\)/],
      ['https://10.0.0.5/hook', /non-public/],
      ['https://172.16.3.4/hook', /non-public/],
      ['https://192.168.0.10/hook', /non-public/],
      ['https://169.254.169.254/latest/meta-data', /non-public/],
      ['https://100.64.1.1/hook', /non-public/],
      ['https://[::1]/hook', /non-public address \(::1\)/],
      ['https://[fc00::1]/hook', /non-public/],
      ['https://[fe80::1]/hook', /non-public/],
      ['https://[::ffff:127.0.0.1]/hook', /non-public/],
      ['https://0.0.0.0/hook', /non-public/],
      ['https://0x7f000001/hook', /non-public address \(127\.0\.0\.1\)/],
      ['https://rebind.example.com/hook', /resolves to\) a non-public address \(127\.0\.0\.1\)/],
      ['https://mixed.example.com/hook', /10\.0\.0\.7/],
      ['https://nowhere.example.com/hook', /does not resolve/],
      ['http://hooks.example.com/hook', /https is required/],
      ['ftp://hooks.example.com/hook', /https is required/],
      ['https://user:pass@hooks.example.com/hook', /credentials/],
      ['not a url', /not an absolute URL/],
    ];
    for (const [url, reason] of refused) {
      it(`refuses ${url}`, async () => {
        const error = await rejectionOf(guard.assertAllowed(url));
        expect(error).to.be.instanceOf(WebhookUrlRefusedError);
        expect((error as Error).message).to.match(reason);
      });
    }

    for (const url of ['https://hooks.example.com/fincore', 'https://93.184.215.14:8443/x', 'https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/x']) {
      it(`accepts ${url}`, async () => {
        await guard.assertAllowed(url);
      });
    }
  });

  it('off production (WEBHOOKS_ALLOW_PRIVATE) loopback over http is accepted, without resolving anything', async () => {
    const local = new WebhookTargetGuard({ httpsOnly: false, allowPrivate: true }, () => expect.fail('no lookup when private targets are allowed'));
    await local.assertAllowed('http://127.0.0.1:4000/hook');
    await local.assertAllowed('http://localhost:4000/hook');
    expect(await rejectionOf(local.assertAllowed('ftp://127.0.0.1/x'))).to.be.instanceOf(WebhookUrlRefusedError);
  });

  it('a real lookup is used by default: localhost resolves to loopback and is refused', async () => {
    const error = await rejectionOf(new WebhookTargetGuard(PRODUCTION).assertAllowed('https://localhost/hook'));
    expect((error as Error).message).to.match(/non-public address/);
  });
});

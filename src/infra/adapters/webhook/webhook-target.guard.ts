import { lookup } from 'node:dns/promises';
import type { IWebhookTargetGuard } from '../../../domain/modules/webhook/webhook-target.port';
import { WebhookUrlRefusedError } from '../../../domain/modules/webhook/webhook.errors';
import { isPublicAddress, literalAddress } from './public-address';

export interface TargetRules {
  /** Production: plain http is refused. */
  httpsOnly: boolean;
  /** Off production (WEBHOOKS_ALLOW_PRIVATE): loopback and private addresses may receive deliveries. */
  allowPrivate: boolean;
}

/** Every address a host name resolves to (A and AAAA). */
export type ResolveAll = (hostname: string) => Promise<string[]>;

export const resolveAll: ResolveAll = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/** The SSRF rule of registration (and of delivery, with the connection's own lookup: webhook-http.sender.ts). */
export class WebhookTargetGuard implements IWebhookTargetGuard {
  constructor(
    private readonly rules: TargetRules,
    private readonly resolve: ResolveAll = resolveAll,
  ) {}

  async assertAllowed(text: string): Promise<void> {
    const url = parseTarget(text, this.rules);
    if (this.rules.allowPrivate) return;
    const literal = literalAddress(url.hostname);
    const addresses = literal !== null ? [literal] : await this.resolve(url.hostname).catch(() => {
      throw new WebhookUrlRefusedError(`the host "${url.hostname}" does not resolve`);
    });
    assertPublic(url.hostname, addresses);
  }
}

/** The URL's scheme and shape; throws WebhookUrlRefusedError. */
export function parseTarget(text: string, rules: TargetRules): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new WebhookUrlRefusedError('not an absolute URL');
  }
  const schemes = rules.httpsOnly ? ['https:'] : ['https:', 'http:'];
  if (!schemes.includes(url.protocol)) throw new WebhookUrlRefusedError(rules.httpsOnly ? 'https is required' : 'http or https is required');
  // Credentials in the URL would be sent to the receiver and shown back in every listing.
  if (url.username !== '' || url.password !== '') throw new WebhookUrlRefusedError('credentials in the URL are not allowed');
  return url;
}

export function assertPublic(hostname: string, addresses: readonly string[]): void {
  if (addresses.length === 0) throw new WebhookUrlRefusedError(`the host "${hostname}" does not resolve`);
  // Every address, not the first: a name answering one public and one private address is refused.
  const refused = addresses.find((address) => !isPublicAddress(address));
  if (refused !== undefined) throw new WebhookUrlRefusedError(`"${hostname}" is (or resolves to) a non-public address (${refused})`);
}

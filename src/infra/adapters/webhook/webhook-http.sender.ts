import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { WebhookUrlRefusedError } from '../../../domain/modules/webhook/webhook.errors';
import { type TargetRules, assertPublic, parseTarget } from './webhook-target.guard';
import { literalAddress } from './public-address';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** 2xx = delivered; anything else (another status, a refused target, a network error or a timeout) is retried. */
export interface SendOutcome {
  delivered: boolean;
  statusCode: number | null;
  /** Short and free of secrets: a status line or an error kind, never the response body. */
  error: string | null;
}

export interface IWebhookSender {
  send(request: WebhookRequest): Promise<SendOutcome>;
}

/**
 * POSTs with node:http(s). The SSRF rule is applied to the addresses the connection itself
 * resolves (its `lookup`), so a name that pointed to a public address at registration and points
 * to a private one now (DNS rebinding) is refused at the moment of connecting. Redirects are not
 * followed: a 3xx is a failed attempt, never a request to wherever it points.
 */
export class WebhookHttpSender implements IWebhookSender {
  constructor(
    private readonly rules: TargetRules,
    private readonly timeoutMs: number,
  ) {}

  async send(request: WebhookRequest): Promise<SendOutcome> {
    try {
      const url = parseTarget(request.url, this.rules);
      const literal = literalAddress(url.hostname);
      // Node connects to a literal address without calling `lookup`: checked here instead.
      if (literal !== null && !this.rules.allowPrivate) assertPublic(url.hostname, [literal]);
      const statusCode = await this.post(url, request);
      const delivered = statusCode >= 200 && statusCode < 300;
      return { delivered, statusCode, error: delivered ? null : `HTTP ${statusCode}` };
    } catch (error) {
      return { delivered: false, statusCode: null, error: describe(error) };
    }
  }

  private post(url: URL, request: WebhookRequest): Promise<number> {
    const client = url.protocol === 'https:' ? https : http;
    return new Promise<number>((resolve, reject) => {
      const req = client.request(
        url,
        {
          method: 'POST',
          headers: { ...request.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(request.body).toString(), 'user-agent': 'fincore-webhooks' },
          signal: AbortSignal.timeout(this.timeoutMs),
          ...(this.rules.allowPrivate ? {} : { lookup: publicOnlyLookup }),
        },
        (res) => {
          // Only the status matters: the answer is decided by it, and the body is drained, unread
          // (a receiver streaming a slow body cannot turn a 2xx into a failed attempt), so an error
          // while draining it changes nothing.
          resolve(res.statusCode ?? 0);
          res.on('error', () => undefined);
          res.resume();
        },
      );
      req.on('error', reject);
      req.end(request.body);
    });
  }
}

/** dns.lookup, then the SSRF rule on every address, in both of its calling forms (one address or `all`). */
const publicOnlyLookup = ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error);
    try {
      assertPublic(hostname, addresses.map((entry) => entry.address));
    } catch (refused) {
      return callback(refused);
    }
    if (options.all) return callback(null, addresses);
    return callback(null, addresses[0].address, addresses[0].family);
  });
}) as unknown as LookupFunction;

function describe(error: unknown): string {
  if (error instanceof WebhookUrlRefusedError) return error.message.slice(0, 200);
  const { name, code } = error as NodeJS.ErrnoException;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  // An errno code (ECONNREFUSED, ENOTFOUND, …) says what happened without echoing anything received.
  return code ? `network error: ${code}` : 'network error';
}

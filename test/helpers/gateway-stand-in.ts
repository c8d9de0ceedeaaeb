import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  body: Record<string, unknown>;
}

export interface Reply {
  status: number;
  body?: unknown;
  /** Raw text instead of JSON (malformed answers). */
  text?: string;
  delayMs?: number;
  /** Answer only once this settles (then after delayMs, if any): lets a test order events exactly. */
  hold?: Promise<unknown>;
}

/**
 * A payment gateway on 127.0.0.1 for tests: it records every request and answers with whatever
 * `reply` returns (by default a success echoing the amount and currency it was asked for).
 */
export class GatewayStandIn {
  readonly seen: SeenRequest[] = [];
  reply: (request: SeenRequest, index: number) => Reply = (request) => ({ status: 200, body: succeeded(request) });
  private server: http.Server | undefined;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const request: SeenRequest = {
          method: req.method ?? '',
          path: req.url ?? '',
          idempotencyKey: req.headers['idempotency-key'] as string | undefined,
          body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        };
        this.seen.push(request);
        const reply = this.reply(request, this.seen.length - 1);
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(reply.status, { 'content-type': 'application/json' });
          res.end(reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body)));
        };
        const answer = () => {
          if (reply.delayMs) setTimeout(send, reply.delayMs).unref();
          else send();
        };
        if (reply.hold) void reply.hold.then(answer, answer);
        else answer();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

export function succeeded(request: SeenRequest, id = `op_${request.idempotencyKey?.slice(0, 12)}`) {
  return { id, status: 'succeeded', amount: request.body.amount, currency: request.body.currency };
}

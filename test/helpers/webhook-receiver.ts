import type { IncomingHttpHeaders } from 'node:http';
import { expect } from 'chai';
import { type ListeningServer, listen } from './listening-server';

export interface ReceivedWebhook {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver extends ListeningServer {
  url: string;
  received: ReceivedWebhook[];
  /** The statuses of the next answers, in order; once used up, every answer is `otherwise`. */
  answer(...statuses: number[]): void;
}

/** A local endpoint that records every POST and answers the statuses it is told (200 by default). */
export async function webhookReceiver(otherwise = 200): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const script: number[] = [];
  const server = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(script.shift() ?? otherwise).end();
    });
  });
  return { ...server, url: `http://127.0.0.1:${server.port}/hook`, received, answer: (...statuses) => script.push(...statuses) };
}

export interface ReceiverPerTest {
  /** This test's receiver: it starts empty, answering 200. */
  readonly receiver: WebhookReceiver;
}

/**
 * A fresh receiver for every test of the `describe` it is called in, closed after the test, so no
 * test reads another's deliveries or answers. It opens in a hook: use it inside hooks and tests.
 */
export function useWebhookReceiver(): ReceiverPerTest {
  let receiver: WebhookReceiver | undefined;
  beforeEach(async () => {
    receiver = await webhookReceiver();
  });
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });
  return {
    get receiver() {
      return receiver ?? expect.fail('the receiver opens in a beforeEach hook: use it inside hooks and tests');
    },
  };
}

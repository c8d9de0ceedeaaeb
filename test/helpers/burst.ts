import { type RequestListener, type Server, createServer } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import type { Application } from 'express';

export interface BurstRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
}

/**
 * Sends `count` copies of a request truly at once and answers their statuses. Supertest opens a
 * connection per request as it goes, so its "parallel" requests mostly arrive one after another;
 * here every connection is open first and all requests are written in the same tick, so the
 * server holds them in flight together, as it does under a real burst.
 */
export async function burst(app: Application | RequestListener, count: number, req: BurstRequest): Promise<number[]> {
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const sockets = await Promise.all(
      Array.from({ length: count }, () => new Promise<net.Socket>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
        socket.once('error', reject);
      })),
    );
    const head = [`${req.method} ${req.path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...Object.entries(req.headers ?? {}).map(([k, v]) => `${k}: ${v}`)].join('\r\n');
    const answers = sockets.map(
      (socket) =>
        new Promise<number>((resolve, reject) => {
          let text = '';
          socket.setEncoding('latin1');
          socket.on('data', (chunk: string) => (text += chunk));
          socket.once('error', reject);
          socket.once('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)));
        }),
    );
    for (const socket of sockets) socket.write(`${head}\r\n\r\n`);
    return await Promise.all(answers);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

import { type RequestListener, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ListeningServer {
  port: number;
  /** Closes the listener and every connection still open (a browser keeps its own alive). */
  close(): Promise<void>;
}

/** The app behind a real HTTP listener on a free loopback port, for clients that need a socket. */
export async function listen(app: RequestListener): Promise<ListeningServer> {
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

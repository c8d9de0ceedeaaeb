import type { Logger } from 'pino';
import { createClient } from 'redis';

export type RedisClient = ReturnType<typeof createClient>;

/**
 * Connects without blocking start-up: if Redis is down, the client keeps reconnecting in the
 * background, at most a second apart (jittered, so instances do not return in step). The offline
 * queue is disabled so that commands fail at once instead of piling up.
 */
export function createRedisClient(url: string, logger: Logger): RedisClient {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1000) + Math.floor(Math.random() * 100) },
  });
  // Without a listener an 'error' event would crash the process. Logged once per lost connection:
  // reconnection attempts fail every second for as long as Redis is away.
  let connected = true;
  client.on('error', (error: Error) => {
    if (connected) logger.warn({ err: { message: error.message } }, 'redis connection lost, reconnecting');
    connected = false;
  });
  client.on('ready', () => {
    if (!connected) logger.info('redis connection ready');
    connected = true;
  });
  // A failed first connection is also an 'error' event (logged above); the client retries by itself.
  client.connect().catch(() => undefined);
  return client;
}

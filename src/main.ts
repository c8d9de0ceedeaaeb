import 'reflect-metadata';
import 'dotenv/config';
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { installHttpServerGuards } from './api/http/http-server-guards';
import { serviceUrls } from './api/http/service-index';
import { buildApplication, type FincoreApp } from './config/composition-root';
import { createFirstAdmin } from './config/first-admin';
import { ConfigurationError, loadSettings } from './config/settings';
import { EmbeddedDatabaseBusyError } from './infra/database/embedded/embedded-lock';
import type { OutboxDispatcher } from './infra/events/outbox-dispatcher';
import { INFRA_TYPES } from './infra/infra.types';
import { logProcessEvents } from './infra/platform/process-log';

// In-flight requests get this long to finish after the server stops accepting.
const IN_FLIGHT_GRACE_MS = 10_000;

async function start(): Promise<void> {
  const settings = loadSettings();
  const app = await buildApplication(settings);
  logProcessEvents(app.logger);
  const { server, metricsServer } = await listenAll(app).catch(async (error: unknown) => {
    await app.close();
    throw error;
  });
  // Events committed while no server ran (or by the CLI) are dispatched by its first round.
  const dispatcher = app.container.get<OutboxDispatcher>(INFRA_TYPES.OutboxDispatcher);
  dispatcher.start();
  installShutdown(app, server, metricsServer, dispatcher);
  // Webhook deliveries; stopped by app.close() in the shutdown, after the last request.
  app.startWorkers();
  // Only once the port is ours: an admin printed by a start that then fails would be lost for good.
  const admin = await createFirstAdmin(settings, app.container);
  if (admin) {
    // Printed once, on the console only (never logged): the database was empty, so this is the first start.
    console.log(
      [
        '',
        'First start on an empty embedded database: an admin was created.',
        `  CPF:      ${admin.cpf}`,
        `  password: ${admin.password}`,
        'Log in with POST /v1/auth/login. This is shown only once. For the README walk-through, in your shell:',
        `  export ADMIN_CPF=${admin.cpf} ADMIN_PASSWORD=${admin.password}`,
        '',
      ].join('\n'),
    );
  }
}

async function listen(app: FincoreApp): Promise<Server> {
  const { settings } = app;
  const server = app.http.listen(settings.port, settings.host);
  installHttpServerGuards(server, app.logger);
  // Longer than a load balancer's idle timeout, so the balancer (not us) closes idle connections
  // and never sends a request on a socket we are closing. headersTimeout must exceed it.
  server.keepAliveTimeout = settings.keepAliveTimeoutMs;
  server.headersTimeout = settings.keepAliveTimeoutMs + 5_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const urls = serviceUrls(settings.host, settings.port);
  app.logger.info(
    { port: settings.port, host: settings.host, database: settings.databaseUrl ? 'postgresql' : 'embedded', urls },
    `fincore listening: API ${urls.api}, docs ${urls.docs}, health ${urls.health}`,
  );
  return server;
}

/** The API listener, and the scrape listener of METRICS_PORT (same host) when there is one. */
async function listenAll(app: FincoreApp): Promise<{ server: Server; metricsServer?: Server }> {
  const { metricsHttp, settings } = app;
  if (!metricsHttp || settings.metricsPort === undefined) return { server: await listen(app) };
  const metricsServer = metricsHttp.listen(settings.metricsPort, settings.host);
  await new Promise<void>((resolve, reject) => metricsServer.once('listening', resolve).once('error', reject));
  try {
    return { server: await listen(app), metricsServer };
  } catch (error) {
    metricsServer.close();
    throw error;
  }
}

function installShutdown(app: FincoreApp, server: Server, metricsServer: Server | undefined, dispatcher: OutboxDispatcher): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal, drainMs: app.settings.shutdownDrainMs }, 'shutdown: readiness now failing');
    app.lifecycle.beginShutdown();
    await sleep(app.settings.shutdownDrainMs);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const forced = sleep(IN_FLIGHT_GRACE_MS).then(() => 'timeout' as const);
    if ((await Promise.race([closed.then(() => 'closed' as const), forced])) === 'timeout') {
      app.logger.warn('shutdown: in-flight requests did not finish in time, closing connections');
      server.closeAllConnections();
    }
    // Scraped until the end, so the last numbers of the drain are seen.
    metricsServer?.close();
    metricsServer?.closeAllConnections();
    // After the requests: what they committed last is dispatched now or by the next instance.
    await dispatcher.stop();
    await app.close();
    app.logger.info('shutdown complete');
    // Log lines are written asynchronously: the last ones out before the process ends.
    await new Promise<void>((resolve) => app.logger.flush(() => resolve()));
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** The one line an operator needs for failures we expect; anything else keeps its message too, never a stack. */
function startFailure(error: unknown): string {
  if (error instanceof ConfigurationError || error instanceof EmbeddedDatabaseBusyError) return error.message;
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'EADDRINUSE') return `fincore failed to start: ${message.replace(/^listen EADDRINUSE: /, '')} (PORT/HOST: another process is listening there)`;
  return `fincore failed to start: ${message ?? String(error)}`;
}

start().catch((error: unknown) => {
  console.error(startFailure(error));
  process.exit(1);
});

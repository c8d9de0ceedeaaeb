import type { Logger } from 'pino';

/**
 * What Node itself would print as plain text on stderr, as JSON lines through the logger instead,
 * so that the log stays one JSON object per line whatever happens:
 *
 * - process warnings (deprecations, MaxListenersExceeded, experimental features): Node's own
 *   printer is removed, each warning is one warn line;
 * - an exception or rejection that escaped every handler: one fatal line (the stack inside), then
 *   the process exits 1 as Node would, since its state is no longer known. pino writes what is
 *   still buffered synchronously on exit.
 */
export function logProcessEvents(logger: Logger): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning: Error & { code?: string }) => {
    logger.warn({ warning: { name: warning.name, code: warning.code, message: warning.message } }, 'node process warning');
  });
  // An unhandled rejection arrives here too (origin "unhandledRejection"): Node's default mode throws it.
  process.on('uncaughtException', (error, origin) => {
    logger.fatal({ err: error, origin }, 'uncaught exception, exiting');
    process.exit(1);
  });
}

import type { Logger } from 'pino';

const REPEAT_WINDOW_MS = 10_000;

/**
 * knex's own messages (connection acquire errors, deprecations) as pino lines instead of
 * multi-line console text: the first line only (no stack: the cause is in the message), and the
 * same message at most once per 10 s, so an outage writes a line per state, not one per request.
 */
export function knexLog(logger: Logger) {
  let last = '';
  let lastAt = 0;
  let repeated = 0;
  const write = (level: 'warn' | 'error' | 'debug') => (message: unknown) => {
    const text = String(message instanceof Error ? message.message : message).split('\n')[0].trim();
    const now = Date.now();
    if (text === last && now - lastAt < REPEAT_WINDOW_MS) {
      repeated += 1;
      return;
    }
    logger[level]({ source: 'knex', ...(repeated > 0 ? { previousMessageRepeated: repeated } : {}) }, text);
    last = text;
    lastAt = now;
    repeated = 0;
  };
  return { warn: write('warn'), error: write('error'), deprecate: write('warn'), debug: write('debug') };
}

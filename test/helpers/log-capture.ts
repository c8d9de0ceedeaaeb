import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../../src/infra/platform/logger';

export type LogLine = Record<string, unknown> & { level: number; msg: string };

/**
 * A logger configured as production's (createLogger: redaction, serializers) whose lines the test
 * reads back: `lines` parsed, `raw` as written (one JSON text per line).
 */
export function logCapture(level = 'info'): { logger: Logger; lines: LogLine[]; raw: string[] } {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const text of String(chunk).split('\n').filter(Boolean)) {
        raw.push(text);
        lines.push(JSON.parse(text) as LogLine);
      }
      done();
    },
  });
  return { logger: createLogger({ level, name: 'fincore' }, stream), lines, raw };
}

import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../../../src/infra/platform/logger';

export type AuditLine = Record<string, unknown> & { type: string };

/**
 * A logger for the app under test that keeps the audit lines it writes (as the operator would
 * read them: type, actor, target, request id and the event's details). At warn level, request
 * lines are dropped while the audit channel, always written at info, is kept.
 */
export function auditTrail(): { logger: Logger; events: AuditLine[] } {
  const events: AuditLine[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      const line = JSON.parse(String(chunk)) as { channel?: string; audit?: AuditLine };
      if (line.channel === 'audit' && line.audit) events.push(line.audit);
      done();
    },
  });
  return { logger: createLogger({ level: 'warn', name: 'fincore' }, stream), events };
}

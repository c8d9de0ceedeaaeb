import type { Logger } from 'pino';
import type { AuditEvent, IAuditLog } from '../../domain/shared/audit-log.port';
import type { IRequestContext } from '../../domain/shared/request-context.port';

/**
 * One JSON line per security event, `"channel":"audit"`, with the actor and request id of the
 * current request. Written at info level even when LOG_LEVEL is quieter: an operator who silences
 * request lines must not silence the audit trail (only `silent` does, for tests).
 */
export class PinoAuditLog implements IAuditLog {
  private readonly logger: Logger;

  constructor(
    logger: Logger,
    private readonly context: IRequestContext,
  ) {
    this.logger = logger.child({ channel: 'audit' }, { level: logger.level === 'silent' ? 'silent' : 'info' });
  }

  record(event: AuditEvent): void {
    const current = this.context.current();
    this.logger.info(
      {
        audit: {
          type: event.type,
          actor: current?.actor ?? 'system',
          target: event.target,
          requestId: current?.requestId,
          ip: current?.ip,
          ...event.detail,
        },
      },
      `audit ${event.type}`,
    );
  }
}

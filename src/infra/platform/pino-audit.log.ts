import type { Logger } from 'pino';
import type { AuditContext, AuditEvent, IAuditLog } from '../../domain/shared/audit-log.port';

/**
 * A logger for audit lines: `"channel":"audit"`, at info level even when LOG_LEVEL is quieter (an
 * operator who silences request lines must not silence the audit trail; only `silent` does, for tests).
 */
export function auditLogger(logger: Logger): Logger {
  return logger.child({ channel: 'audit' }, { level: logger.level === 'silent' ? 'silent' : 'info' });
}

/** One JSON line per security event, with the actor, request id and address of the request it belongs to. */
export class PinoAuditLog implements IAuditLog {
  constructor(
    private readonly logger: Logger,
    private readonly contextNow: () => AuditContext | undefined,
  ) {}

  record(event: AuditEvent): void {
    const context = this.contextNow();
    this.logger.info(
      {
        audit: {
          type: event.type,
          actor: context?.actor ?? 'system',
          target: event.target,
          requestId: context?.requestId,
          ip: context?.ip,
          ...event.detail,
        },
      },
      `audit ${event.type}`,
    );
  }
}

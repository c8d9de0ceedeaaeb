/** Security-relevant events, one record each (ASVS 7.1): who did what to whom, never a secret. */
export type AuditEventType =
  | 'auth.login.succeeded'
  | 'auth.login.failed'
  | 'auth.sso.succeeded'
  | 'auth.sso.refused'
  | 'auth.sso.linked'
  | 'auth.refresh.reused'
  | 'auth.sessions.revoked'
  | 'user.registered'
  | 'user.password.changed'
  | 'user.password.reset'
  | 'user.email.changed'
  | 'user.role.changed'
  | 'user.deactivated'
  | 'user.activated'
  | 'client.created'
  | 'client.disabled'
  | 'client.secret.rotated'
  | 'ledger.reversal'
  | 'ledger.refund'
  | 'ledger.closed-account.moved';

export interface AuditEvent {
  type: AuditEventType;
  /** What was acted on: `user:7`, `client:reporting`, `transaction:<uuid>`. */
  target?: string;
  /** Plain facts that help an investigation (a reason, an amount): never a password, token or secret. */
  detail?: Record<string, string | number | boolean>;
}

export interface IAuditLog {
  record(event: AuditEvent): void;
}

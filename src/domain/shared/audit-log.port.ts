/** Security-relevant events, one record each (ASVS 7.1): who did what to whom, never a secret. */
export type AuditEventType =
  | 'auth.login.succeeded'
  | 'auth.login.failed'
  | 'auth.sso.succeeded'
  | 'auth.client.token.issued'
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
  | 'ledger.deposit'
  | 'ledger.withdrawal'
  | 'ledger.transfer'
  | 'ledger.reversal'
  | 'ledger.refund'
  | 'ledger.closed-account.moved'
  | 'webhook.registered'
  | 'webhook.disabled';

export interface AuditEvent {
  type: AuditEventType;
  /** What was acted on: `user:7`, `client:reporting`, `transaction:<uuid>`. */
  target?: string;
  /** Plain facts that help an investigation (a reason, an amount): never a password, token or secret. */
  detail?: Record<string, string | number | boolean>;
}

/** Who is acting, and under which request id: given to the audit log of each request (or CLI run). */
export interface AuditContext {
  requestId: string;
  /** A principal key (`user:7`, `service:reporting`), `anonymous`, or `cli` for an operator command. */
  actor: string;
  ip?: string;
}

/** It knows the actor and id of the request (or CLI run) it is called in, so callers name only the event. */
export interface IAuditLog {
  record(event: AuditEvent): void;
}

/** Who is acting in the current unit of work, and under which request id: read by the audit log. */
export interface RequestContext {
  requestId: string;
  /** A principal key (`user:7`, `service:reporting`), `anonymous`, or `cli` for an operator command. */
  actor: string;
  ip?: string;
}

/**
 * Carries the context through every await of one request (or CLI command) without passing it by
 * hand: services record audit events without knowing where they were called from.
 */
export interface IRequestContext {
  run<T>(context: RequestContext, work: () => T): T;
  current(): RequestContext | undefined;
}

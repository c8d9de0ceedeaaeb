/** RFC 9457 problem details, as every 4xx/5xx body of this service. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId: string;
  errors?: FieldError[];
}

export interface FieldError {
  path: string;
  message: string;
}

export interface ProblemKind {
  status: number;
  title: string;
  /** Extra response headers this kind always carries (e.g. Retry-After). */
  headers?: Record<string, string>;
}

/**
 * An HTTP-level failure raised inside src/api (validation, unsupported media type, ...). Business
 * failures are domain errors, mapped through the problem table instead.
 */
export class HttpProblem extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

export const problemType = (code: string): string => `urn:fincore:problem:${code.toLowerCase().replace(/_/g, '-')}`;

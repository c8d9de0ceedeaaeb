import type { Request, Response } from 'express';
import { type FieldError, type ProblemBody, problemType } from './problem';
import { problemKind } from './problem-table';

export interface ProblemInput {
  code: string;
  detail: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
}

/** Writes one problem+json response; the status comes from the problem table. */
export function sendProblem(req: Request, res: Response, input: ProblemInput): void {
  const kind = problemKind(input.code) ?? problemKind('INTERNAL_ERROR')!;
  const body: ProblemBody = {
    type: problemType(input.code),
    title: kind.title,
    status: kind.status,
    detail: input.detail,
    instance: req.originalUrl.split('?')[0],
    code: input.code,
    requestId: String(res.locals.requestId ?? ''),
    ...(input.errors ? { errors: input.errors } : {}),
  };
  // Read by the metrics middleware once the response is finished (problems and outages by code).
  res.locals.problemCode = input.code;
  res.status(kind.status);
  for (const [name, value] of Object.entries({ ...kind.headers, ...input.headers })) res.setHeader(name, value);
  res.type('application/problem+json').send(JSON.stringify(body));
}

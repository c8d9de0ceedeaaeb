import type { Application, Request, Response } from 'express';
import { buildOpenApiDocument } from '../../src/api/openapi/openapi.document';

/**
 * Holds the OpenAPI document to what the routes really answer: every problem+json an app built by
 * createTestApp sends is checked against the problem codes its operation declares (code and
 * status), and the root hooks (setup.ts) fail the test during which an undeclared one was sent.
 * Answers for paths or methods that are no operation (404 ROUTE_NOT_FOUND, 405) are not checked.
 */
type Declared = Map<string, number>;
interface DocumentedOperation {
  method: string;
  template: string;
  pattern: RegExp;
  declared: Declared;
}

let operations: DocumentedOperation[] | undefined;
const undeclared: string[] = [];

function documentedOperations(): DocumentedOperation[] {
  if (operations) return operations;
  type Media = { examples?: Record<string, { value: { status: number } }> };
  const doc = buildOpenApiDocument({ title: 'fincore', version: 'test' }) as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, Media> }> }>> };
  operations = Object.entries(doc.paths).flatMap(([template, item]) =>
    Object.entries(item).map(([method, operation]) => {
      const declared: Declared = new Map();
      for (const [status, response] of Object.entries(operation.responses)) {
        for (const code of Object.keys(response.content?.['application/problem+json']?.examples ?? {})) declared.set(code, Number(status));
      }
      const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      return { method: method.toUpperCase(), template, pattern, declared };
    }),
  );
  return operations;
}

/** The operation a request reached, if any (HEAD is answered by the GET route). */
export function operationFor(method: string, path: string): DocumentedOperation | undefined {
  const wanted = method === 'HEAD' ? 'GET' : method;
  return documentedOperations().find((op) => op.method === wanted && op.pattern.test(path));
}

/** Why a problem answer is not what its operation declares, or undefined when it is. */
export function undeclaredProblem(method: string, path: string, status: number, code: string): string | undefined {
  const operation = operationFor(method, path);
  if (!operation) return undefined;
  const declaredStatus = operation.declared.get(code);
  if (declaredStatus === status) return undefined;
  return `${method} ${operation.template} answered ${status} ${code}, which it does not declare${declaredStatus ? ` (declared with ${declaredStatus})` : ''}`;
}

/** Watches every problem+json the app sends (its own response prototype: no other app is touched). */
export function watchProblems(app: Application): void {
  const proto = (app as unknown as { response: Response }).response;
  const send = proto.send;
  proto.send = function (this: Response, body?: unknown) {
    if (String(this.get('Content-Type') ?? '').startsWith('application/problem+json') && typeof body === 'string') {
      const problem = JSON.parse(body) as { status: number; code: string };
      const req = this.req as Request;
      const why = undeclaredProblem(req.method, req.originalUrl.split('?')[0], problem.status, problem.code);
      if (why) undeclared.push(why);
    }
    return send.call(this, body);
  };
}

/** The undeclared answers seen since the last call. */
export function takeUndeclaredProblems(): string[] {
  return undeclared.splice(0, undeclared.length);
}

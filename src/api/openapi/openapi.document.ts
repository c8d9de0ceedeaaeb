import { SCOPES, type Scope } from '../../domain/modules/auth/principal';
import * as modules from './index';
import { BEARER, type JsonObject, type Operation, OpenApiBuilder, type OpenApiModule, PROBLEM_JSON } from './openapi-builder';

export interface DocumentInfo {
  title: string;
  version: string;
  description?: string;
}

const DESCRIPTION = [
  'Financial core service: CPF-identified users, authentication and a double-entry ledger.',
  '',
  'Every error is `application/problem+json` (RFC 9457) with a stable `code` and the `requestId`.',
  'Lists are cursor-paginated (`?limit=` 1 to 100, `?cursor=` opaque) and answer `{items, nextCursor}`.',
  'Money-moving POSTs require an `Idempotency-Key` header; a repeat replays the first answer with `Idempotent-Replayed: true`.',
  'Every `/v1` answer, errors included, carries `Cache-Control: no-store` and `Pragma: no-cache`: no cache may keep balances, personal data or tokens.',
].join('\n');

/** Relative: resolved against the document's own URL, so it holds behind any host name or proxy. */
const TOKEN_URL = '/v1/auth/token';

// A Record over Scope: a scope added to the domain without a description here fails to compile.
const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  'users:read': 'Read any user',
  'users:write': 'Register customers, change their name and e-mail, deactivate and activate them',
  'accounts:read': "Read any account, its statement and transactions",
  'accounts:write': 'Open and close accounts for any owner',
  'payments:write': 'Deposit, withdraw and transfer on any account',
  'ledger:admin': 'Reverse and refund transactions, sweep closed accounts, check ledger integrity',
  'webhooks:admin': 'Register, read and disable webhook endpoints, and read their deliveries',
};

/** Assembles the OpenAPI 3.1 document from every module listed in ./index. Built once, on the first request for it. */
export function buildOpenApiDocument(info: DocumentInfo, parts: OpenApiModule[] = Object.values(modules), api = new OpenApiBuilder()): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const part of parts) {
    for (const [path, item] of Object.entries(part.paths(api))) {
      const existing = paths[path] ?? {};
      for (const [method, operation] of Object.entries(item)) {
        if (method in existing) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} is described twice`);
        existing[method] = { tags: [part.tag.name], ...withProblemResponses(api, path, operation) };
      }
      paths[path] = existing;
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, description: info.description ?? DESCRIPTION },
    tags: parts.map((part) => part.tag),
    security: BEARER,
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'RS256 access token from POST /v1/auth/login (users) or POST /v1/auth/token (service clients)',
        },
        clientBasic: { type: 'http', scheme: 'basic', description: 'Service client id and secret, on POST /v1/auth/token only' },
        serviceClient: {
          type: 'oauth2',
          description: 'Service clients: the client credentials grant of POST /v1/auth/token, whose access token is then sent as a Bearer token',
          flows: { clientCredentials: { tokenUrl: TOKEN_URL, scopes: Object.fromEntries(SCOPES.map((scope) => [scope, SCOPE_DESCRIPTIONS[scope]])) } },
        },
      },
      parameters: {
        IdempotencyKey: idempotencyKey(true),
        IdempotencyKeyOptional: idempotencyKey(false),
      },
      schemas: api.schemas,
    },
  };
}

function idempotencyKey(required: boolean): JsonObject {
  return {
    name: 'Idempotency-Key',
    in: 'header',
    required,
    description: required
      ? 'Required on money movements. Scoped to the caller, kept at least 24 hours: a repeat with the same request replays the first answer; with a different request it is a 422; while the first is still running, a 409 with Retry-After.'
      : 'Optional: makes the POST safe to retry (same rules as on money movements).',
    schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' },
    example: required ? 'deposit-2026-12-02-0001' : 'open-account-2026-12-02-0001',
  };
}

/**
 * An operation as the document shows it: its declared problem codes become its problem responses.
 * Where the route also has a non-problem answer for that status (the token endpoint's OAuth 2
 * errors), the problem+json content is added beside it.
 */
function withProblemResponses(api: OpenApiBuilder, path: string, { errors, ...operation }: Operation): JsonObject {
  const responses: Record<string, JsonObject> = { ...operation.responses };
  for (const [status, problem] of Object.entries(api.problemResponses(errors, exampleInstance(path, operation.parameters ?? [])))) {
    const own = responses[status];
    responses[status] = own
      ? { ...own, description: `${String(own.description)}; ${String(problem.description)}`, content: { ...(own.content as JsonObject), [PROBLEM_JSON]: (problem.content as JsonObject)[PROBLEM_JSON] } }
      : problem;
  }
  const sorted = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
  return { ...operation, responses: sorted };
}

/** The example path a problem body names: the template with each path parameter's example. */
function exampleInstance(path: string, parameters: JsonObject[]): string {
  return path.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const parameter = parameters.find((p) => p.in === 'path' && p.name === name);
    return parameter?.example === undefined ? whole : String(parameter.example);
  });
}

import * as modules from './index';
import { BEARER, type JsonObject, OpenApiBuilder, type OpenApiModule } from './openapi-builder';

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

/** Assembles the OpenAPI 3.1 document from every module listed in ./index. Built once, on the first request for it. */
export function buildOpenApiDocument(info: DocumentInfo, parts: OpenApiModule[] = Object.values(modules)): JsonObject {
  const api = new OpenApiBuilder();
  const paths: Record<string, JsonObject> = {};
  for (const part of parts) {
    for (const [path, item] of Object.entries(part.paths(api))) {
      const existing = paths[path] ?? {};
      for (const [method, operation] of Object.entries(item)) {
        if (method in existing) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} is described twice`);
        existing[method] = { tags: [part.tag.name], ...operation };
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
      },
      parameters: {
        IdempotencyKey: idempotencyKey(true),
        IdempotencyKeyOptional: idempotencyKey(false),
      },
      schemas: api.schemas,
      responses: api.responses,
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
  };
}

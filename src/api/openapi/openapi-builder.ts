import Joi from 'joi';
import j2s from 'joi-to-swagger';
import { PROBLEM_TABLE, type ProblemCode } from '../problems/problem-table';
import { byStatus, problemExamples } from './route-problems';

/**
 * Helpers for the per-module OpenAPI files. Request shapes come from the same joi schemas that
 * validate requests (src/api/schemas), converted by joi-to-swagger, so the document cannot
 * describe a body the service would refuse. Named schemas (`.meta({ className })`) land in
 * `components.schemas` once and are referenced everywhere else.
 */

export type JsonObject = { [key: string]: unknown };

export interface Operation {
  summary: string;
  description?: string;
  operationId: string;
  /** Omit for the document default (Bearer); `PUBLIC` for no authentication. */
  security?: JsonObject[];
  parameters?: JsonObject[];
  requestBody?: JsonObject;
  /** Successful answers, and any error answer that is not problem+json (OAuth 2 errors). */
  responses: Record<string, JsonObject>;
  /** Every problem code this route can answer (groups in ./route-problems); statuses follow from the problem table. */
  errors: readonly ProblemCode[];
}

export type PathItem = Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', Operation>>;

/** What a module contributes: one tag and its paths (OpenAPI `{param}` syntax). */
export interface OpenApiModule {
  tag: { name: string; description: string };
  paths(api: OpenApiBuilder): Record<string, PathItem>;
}

/**
 * Security requirements: no token, a Bearer token, or a token that is optional (e.g. self sign-up).
 * A service token fetched by the OAuth 2 scheme is the same Bearer token on the wire; listing it as
 * an alternative is what makes Swagger UI send it once "Authorize" has fetched it.
 */
export const PUBLIC: JsonObject[] = [];
export const BEARER: JsonObject[] = [{ bearerAuth: [] }, { serviceClient: [] }];
export const OPTIONAL_BEARER: JsonObject[] = [{}, ...BEARER];

export const PROBLEM_JSON = 'application/problem+json';

const HTTP_REASONS: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthenticated',
  402: 'Payment declined',
  403: 'Forbidden',
  404: 'Not found (or not yours)',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Business rule violated',
  429: 'Too many requests',
  500: 'Internal error',
  501: 'Not implemented',
  502: 'Bad gateway',
  503: 'Unavailable',
  504: 'Gateway timeout',
};

const problemSchema = Joi.object({
  type: Joi.string().required().description('Stable URI of the problem kind').example('urn:fincore:problem:user-not-found'),
  title: Joi.string().required(),
  status: Joi.number().integer().min(400).max(599).required().description('Equal to the HTTP status'),
  detail: Joi.string().required(),
  instance: Joi.string().required().description('The request path').example('/v1/users/52998224725'),
  code: Joi.string().required().description('Stable machine-readable code').example('USER_NOT_FOUND'),
  requestId: Joi.string().required().description('Also in the X-Request-Id response header'),
  errors: Joi.array()
    .items(Joi.object({ path: Joi.string().required().example('body.email'), message: Joi.string().required() }))
    .description('Validation failures, one per offending field'),
}).meta({ className: 'Problem' });

const SUBSCHEMA_LISTS = new Set(['anyOf', 'oneOf', 'allOf']);
const SUBSCHEMAS = new Set(['items', 'additionalProperties', 'not']);

/** JSON Schema 2020-12 (OpenAPI 3.1) has no `nullable` nor single `example`: rewrite joi-to-swagger's 3.0 output. */
export function toOas31(schema: unknown): unknown {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const source = schema as JsonObject;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'nullable' || key === 'example') continue;
    if (key === 'properties') out[key] = Object.fromEntries(Object.entries(value as JsonObject).map(([name, s]) => [name, toOas31(s)]));
    else if (SUBSCHEMA_LISTS.has(key)) out[key] = (value as unknown[]).map(toOas31);
    else if (SUBSCHEMAS.has(key)) out[key] = toOas31(value);
    else out[key] = value;
  }
  if ('example' in source) out.examples = [source.example];
  if (source.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

/** An example shown in the document, kept with the joi schema that validates it (checked by the tests). */
export interface DocumentedExample {
  where: string;
  schema: Joi.Schema;
  example: unknown;
}

export class OpenApiBuilder {
  readonly schemas: Record<string, JsonObject> = {};
  readonly examples: DocumentedExample[] = [];

  /** joi schema to JSON Schema; named ones become components and come back as a `$ref`. */
  schema(joi: Joi.Schema): JsonObject {
    const { swagger, components } = j2s(joi, { schemas: this.schemas });
    for (const [name, schema] of Object.entries(components?.schemas ?? {})) {
      this.schemas[name] ??= toOas31(schema) as JsonObject;
    }
    return toOas31(swagger) as JsonObject;
  }

  /**
   * One parameter per key of a joi object schema (path parameters are always required), each with
   * its example: Swagger UI fills "Try it out" with it, instead of a string made up from the pattern.
   */
  parameters(joi: Joi.ObjectSchema, where: 'path' | 'query', examples: Record<string, unknown>): JsonObject[] {
    const converted = this.schema(joi) as { properties?: Record<string, JsonObject>; required?: string[] };
    return Object.entries(converted.properties ?? {}).map(([name, schema]) => {
      this.examples.push({ where: `${where} parameter ${name}`, schema: joi.extract(name), example: examples[name] });
      return { name, in: where, required: where === 'path' || (converted.required ?? []).includes(name), schema, example: examples[name] };
    });
  }

  /** A JSON request body and the example Swagger UI offers for it. */
  jsonBody(joi: Joi.Schema, example: JsonObject, description?: string): JsonObject {
    return { required: true, ...(description ? { description } : {}), content: { 'application/json': this.requestMedia(joi, example) } };
  }

  /** A request media type: its schema and an example that the same joi schema accepts. */
  requestMedia(joi: Joi.Schema, example: JsonObject): JsonObject {
    this.examples.push({ where: 'request body', schema: joi, example });
    return { schema: this.schema(joi), example };
  }

  /** A JSON response; `headers` maps a header name to its description. */
  json(description: string, joi: Joi.Schema, headers: Record<string, string> = {}, mediaType = 'application/json'): JsonObject {
    return {
      description,
      ...(Object.keys(headers).length ? { headers: describeHeaders(headers) } : {}),
      content: { [mediaType]: { schema: this.schema(joi) } },
    };
  }

  /**
   * The problem responses of one operation: one per status, listing its codes, with one example
   * body per code. `instance` is the example request path the bodies name.
   */
  problemResponses(codes: readonly ProblemCode[], instance: string): Record<string, JsonObject> {
    const out: Record<string, JsonObject> = {};
    for (const [status, group] of byStatus(codes)) {
      const headerNames = [...new Set([...(STATUS_HEADERS[status] ?? []), ...group.flatMap((code) => Object.keys(PROBLEM_TABLE[code].headers ?? {}))])];
      out[String(status)] = {
        description: `${HTTP_REASONS[status] ?? 'Problem'} (code: ${group.join(', ')})`,
        ...(headerNames.length ? { headers: describeHeaders(Object.fromEntries(headerNames.map((h) => [h, HEADER_DESCRIPTIONS[h] ?? h]))) } : {}),
        content: { [PROBLEM_JSON]: { schema: this.schema(problemSchema), examples: problemExamples(group, instance) } },
      };
    }
    return out;
  }

  /** The `Idempotency-Key` header: required on money movements, accepted on other POSTs. */
  idempotencyKey(required: boolean): JsonObject {
    return { $ref: `#/components/parameters/${required ? 'IdempotencyKey' : 'IdempotencyKeyOptional'}` };
  }
}

/** Headers a status always carries, whichever code caused it (the rate limiter sets its own Retry-After). */
const STATUS_HEADERS: Record<number, string[]> = {
  401: ['WWW-Authenticate'],
  429: ['Retry-After'],
};

const HEADER_DESCRIPTIONS: Record<string, string> = {
  'WWW-Authenticate': 'Bearer',
  'Retry-After': 'Seconds to wait before retrying',
};

function describeHeaders(headers: Record<string, string>): JsonObject {
  return Object.fromEntries(Object.entries(headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]));
}

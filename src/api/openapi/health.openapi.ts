import Joi from 'joi';
import { type OpenApiModule, PUBLIC } from './openapi-builder';
import { ANY_ROUTE } from './route-problems';

const HEALTH_JSON = 'application/health+json';

const healthStatus = Joi.object({ status: Joi.string().valid('pass').required() }).meta({ className: 'HealthStatus' });

const check = Joi.object({
  status: Joi.string().valid('pass', 'warn', 'fail').required().description('`warn`: an optional dependency (cache, rate-limit store) is unavailable'),
  output: Joi.string().valid('unavailable', 'timed out').description('Why the check failed (never addresses or driver messages)'),
});

const readiness = Joi.object({
  status: Joi.string()
    .valid('pass', 'warn', 'fail')
    .required()
    .description('`pass`; `warn` (still 200) when only the cache or rate-limit store is down; `fail` (503) when the database is, or while draining'),
  output: Joi.string().description('"shutting down" while the instance drains'),
  checks: Joi.object()
    .pattern(Joi.string(), Joi.array().items(check))
    .required()
    .description('One entry per dependency: database (required), cache and rateLimitStore (optional: Redis, or in-process without REDIS_URL)'),
}).meta({ className: 'Readiness' });

const serviceIndex = Joi.object({
  name: Joi.string().required().example('fincore'),
  version: Joi.string().required().example('v1'),
  links: Joi.object({
    docs: Joi.string().required().example('/docs/'),
    openapi: Joi.string().required().example('/openapi.json'),
    health: Joi.string().required().example('/health/live'),
    readiness: Joi.string().required().example('/health/ready'),
    metrics: Joi.string().required().example('/metrics'),
    jwks: Joi.string().required().example('/.well-known/jwks.json'),
  }).required(),
}).meta({ className: 'ServiceIndex' });

const jwk = Joi.object({
  kty: Joi.string().valid('RSA').required(),
  n: Joi.string().required(),
  e: Joi.string().required(),
  kid: Joi.string().required().description('RFC 7638 thumbprint'),
  use: Joi.string().valid('sig').required(),
  alg: Joi.string().valid('RS256').required(),
});

const jwks = Joi.object({ keys: Joi.array().items(jwk).required() }).meta({ className: 'JsonWebKeySet' });

/** Operational endpoints: never authenticated, never rate limited. */
export const healthOpenApi: OpenApiModule = {
  tag: { name: 'operations', description: 'Health probes for load balancers, metrics, signing keys and this document' },
  paths: (api) => ({
    '/': {
      get: {
        operationId: 'serviceIndex',
        summary: 'Index: the service name, API version and the paths of the docs, this document and the probes',
        security: PUBLIC,
        errors: ANY_ROUTE,
        responses: { '200': api.json('Where to go from here (paths relative to this host)', serviceIndex) },
      },
    },
    '/health': {
      get: {
        operationId: 'health',
        summary: 'Liveness (alias of /health/live)',
        security: PUBLIC,
        errors: ANY_ROUTE,
        responses: { '200': api.json('The process is up', healthStatus, {}, HEALTH_JSON) },
      },
    },
    '/health/live': {
      get: {
        operationId: 'healthLive',
        summary: 'Liveness: answers without touching any dependency',
        security: PUBLIC,
        errors: ANY_ROUTE,
        responses: { '200': api.json('The process is up', healthStatus, {}, HEALTH_JSON) },
      },
    },
    '/health/ready': {
      get: {
        operationId: 'healthReady',
        summary: 'Readiness: database, cache and rate-limit store, each with a short timeout',
        description:
          'Answers 503 when the database is unreachable and from the first moment of shutdown, so that a load balancer drains the instance. ' +
          'Redis (cache, rate-limit store) is optional: while it is down or stalled readiness stays 200 with status `warn`, requests are served from the database and rate limits fail open.',
        security: PUBLIC,
        errors: ANY_ROUTE,
        responses: {
          '200': api.json('Ready to serve (`pass`), or serving without an optional dependency (`warn`)', readiness, {}, HEALTH_JSON),
          '503': api.json('The database failed, or the instance is shutting down', readiness, {}, HEALTH_JSON),
        },
      },
    },
    '/metrics': {
      get: {
        operationId: 'metrics',
        summary: 'Prometheus metrics',
        description: 'With `METRICS_PORT` set, served on that listener only: here it then answers 404.',
        security: PUBLIC,
        errors: [...ANY_ROUTE, 'ROUTE_NOT_FOUND'],
        responses: { '200': { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } } },
      },
    },
    '/.well-known/jwks.json': {
      get: {
        operationId: 'jwks',
        summary: 'Public keys that verify access tokens (JWK Set)',
        security: PUBLIC,
        errors: ANY_ROUTE,
        responses: { '200': api.json('Every public key currently accepted', jwks, {}, 'application/jwk-set+json') },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'openApiDocument',
        summary: 'This OpenAPI 3.1 document (browse it at /docs)',
        security: PUBLIC,
        errors: ANY_ROUTE,
        responses: { '200': { description: 'OpenAPI document', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
  }),
};

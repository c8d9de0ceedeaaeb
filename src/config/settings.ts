import Joi from 'joi';
import { isPlainHttpOffLoopback } from './plain-http';

/** Validated process configuration (SPEC section 3). Built once at start-up. */
export interface Settings {
  port: number;
  host: string;
  /** A separate listener for /metrics (then not served on `port`); unset = /metrics on the API port. */
  metricsPort: number | undefined;
  nodeEnv: 'development' | 'test' | 'production';
  appName: string;
  apiVersion: string;
  logLevel: string;
  databaseUrl: string | undefined;
  dataDir: string;
  dbPoolSize: number;
  /** Longest wait for a row lock held by another session (PostgreSQL `lock_timeout`). */
  dbLockTimeoutMs: number;
  /** Longest run of one statement (PostgreSQL `statement_timeout`). */
  dbStatementTimeoutMs: number;
  /** Longest wait for a connection of the pool (or for a new one to open). */
  dbAcquireTimeoutMs: number;
  /** How long an attempt's hold on an idempotency key lasts unless renewed (it is, while the attempt runs). */
  idempotencyLeaseMs: number;
  /** How often the server records expired holds (0: never; reads treat them as expired regardless). */
  holdsExpiryIntervalMs: number;
  autoMigrate: boolean;
  redisUrl: string | undefined;
  redisTtlSeconds: number;
  /** NATS with JetStream, where events are also published (`fincore.events.<type>`); unset = not published. */
  natsUrl: string | undefined;
  /** How often the server's outbox dispatcher looks for committed events. */
  eventsPollIntervalMs: number;
  /** Every cache and rate-limit key starts with it, so two environments can share one Redis. */
  redisKeyPrefix: string;
  jwtPrivateKey: string | undefined;
  jwtPrivateKeyFile: string | undefined;
  jwtPublicKeysFile: string | undefined;
  jwtIssuer: string;
  jwtAudience: string;
  accessTokenExpireMinutes: number;
  refreshTokenExpireDays: number;
  /** No session (refresh-token family) outlives its login by more than this, however often it is refreshed. */
  refreshTokenAbsoluteDays: number;
  corsOrigins: string[];
  ssoIssuer: string | undefined;
  ssoJwksUrl: string | undefined;
  ssoAudience: string | undefined;
  paymentGatewayUrl: string | undefined;
  paymentGatewayTimeoutMs: number;
  supportedCurrencies: string[];
  selfSignup: boolean;
  rateLimitPerMinute: number;
  /** Reverse proxies in front of the service whose X-Forwarded-For is believed (0 = none). */
  trustProxy: number;
  shutdownDrainMs: number;
  keepAliveTimeoutMs: number;
  /** Webhook targets on loopback and private addresses are allowed (never by default in production). */
  webhooksAllowPrivate: boolean;
  /** Pause of the webhook delivery worker when nothing is due. */
  webhookWorkerIntervalMs: number;
  /** Per webhook HTTP attempt. */
  webhookTimeoutMs: number;
}

// An empty variable counts as unset (so the default applies), like every other variable here.
const csv = (pattern: RegExp, options: { atLeastOne?: boolean } = {}) =>
  Joi.string()
    .empty('')
    .custom((value: string, helpers) => {
      const items = value.split(',').map((item) => item.trim()).filter(Boolean);
      const bad = items.find((item) => !pattern.test(item));
      if (bad !== undefined) return helpers.message({ custom: `{{#label}} contains an invalid item "${bad}"` });
      if (options.atLeastOne && items.length === 0) return helpers.message({ custom: '{{#label}} must list at least one item' });
      return items;
    });

const optionalString = () => Joi.string().trim().empty('');
const uri = (schemes: string[]) => Joi.string().trim().empty('').uri({ scheme: schemes });

const SANDBOX_GATEWAY = 'sandbox';

/*
 * In production, what we fetch from or trust must come over TLS: a network attacker who can answer
 * the gateway in clear text approves any charge, one who can answer the JWKS signs SSO logins, and
 * one who can inject script into an http CORS origin reads the API with its users' credentials.
 * Loopback stays allowed (a sidecar or a local TLS-terminating proxy).
 */
const PLAIN_HTTP = '{{#label}} must use https in production (plain http only to a loopback host: 127.0.0.0/8, ::1, localhost)';
const inProduction = (then: Joi.Schema) => ({ is: 'production', then });

const httpsUrlInProduction = () =>
  uri(['http', 'https']).when(
    'NODE_ENV',
    inProduction(Joi.string().custom((url: string, helpers) => (isPlainHttpOffLoopback(url) ? helpers.message({ custom: PLAIN_HTTP }) : url))),
  );

const httpsOriginsInProduction = Joi.any().custom((origins: unknown, helpers) => {
  // Not a list: an earlier rule has already reported the variable.
  const plain = Array.isArray(origins) ? origins.filter((origin: string) => isPlainHttpOffLoopback(origin)) : [];
  return plain.length > 0 ? helpers.message({ custom: `${PLAIN_HTTP}: {{#plain}}` }, { plain: plain.join(', ') }) : origins;
});

const schema = Joi.object({
  PORT: Joi.number().integer().min(0).max(65535).default(3000),
  METRICS_PORT: Joi.number().integer().min(1).max(65535).empty('').invalid(Joi.ref('PORT')).messages({ 'any.invalid': '{{#label}} must differ from PORT' }),
  // Off production a development server is not reachable from the network by accident; the container sets 0.0.0.0.
  HOST: Joi.string().when('NODE_ENV', { is: 'production', then: Joi.string().default('0.0.0.0'), otherwise: Joi.string().default('127.0.0.1') }),
  NODE_ENV: Joi.string().valid('development', 'test', 'production').default('development'),
  APP_NAME: Joi.string().default('fincore'),
  API_VERSION: Joi.string().default('v1'),
  LOG_LEVEL: Joi.string().valid('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent').default('info'),
  DATABASE_URL: uri(['postgres', 'postgresql']).when('NODE_ENV', {
    is: 'production',
    then: Joi.required().messages({ 'any.required': '{{#label}} is required in production' }),
  }),
  DATA_DIR: Joi.string().default('./.data'),
  DB_POOL_SIZE: Joi.number().integer().min(1).max(200).default(10),
  DB_LOCK_TIMEOUT_MS: Joi.number().integer().min(100).max(600000).default(3000),
  DB_STATEMENT_TIMEOUT_MS: Joi.number().integer().min(100).max(600000).default(5000),
  DB_ACQUIRE_TIMEOUT_MS: Joi.number().integer().min(100).max(60000).default(2000),
  IDEMPOTENCY_LEASE_MS: Joi.number().integer().min(3000).max(600000).default(15000),
  HOLDS_EXPIRY_INTERVAL_MS: Joi.number().integer().min(0).max(86400000).default(60000),
  AUTO_MIGRATE: Joi.boolean().when('NODE_ENV', { is: 'production', then: Joi.boolean().default(false), otherwise: Joi.boolean().default(true) }),
  REDIS_URL: uri(['redis', 'rediss']),
  REDIS_TTL: Joi.number().integer().min(1).default(3600),
  NATS_URL: optionalString(),
  EVENTS_POLL_INTERVAL_MS: Joi.number().integer().min(10).max(3600000).default(200),
  REDIS_KEY_PREFIX: Joi.string().pattern(/^[\w.:-]{1,64}$/).default('fincore:'),
  JWT_PRIVATE_KEY: optionalString(),
  JWT_PRIVATE_KEY_FILE: optionalString(),
  JWT_PUBLIC_KEYS_FILE: optionalString(),
  JWT_ISSUER: Joi.string().default('fincore'),
  JWT_AUDIENCE: Joi.string().default('fincore-api'),
  ACCESS_TOKEN_EXPIRE_MINUTES: Joi.number().integer().min(1).max(1440).default(15),
  REFRESH_TOKEN_EXPIRE_DAYS: Joi.number().integer().min(1).max(365).default(30),
  // Below REFRESH_TOKEN_EXPIRE_DAYS is allowed: every token of a session then ends at this limit.
  REFRESH_TOKEN_ABSOLUTE_DAYS: Joi.number().integer().min(1).max(3650).default(90),
  // Browsers refuse credentials with a wildcard; we always allow credentials, so say why at start-up.
  CORS_ORIGINS: csv(/^(\*|https?:\/\/[^\s,/]+)$/)
    .custom((origins: string[], helpers) =>
      origins.includes('*') ? helpers.message({ custom: '{{#label}} must list explicit origins: "*" is refused because credentials are allowed' }) : origins,
    )
    .when('NODE_ENV', inProduction(httpsOriginsInProduction))
    .default([]),
  SSO_ISSUER: optionalString(),
  SSO_JWKS_URL: httpsUrlInProduction(),
  SSO_AUDIENCE: optionalString(),
  // `sandbox` asks for the built-in sandbox explicitly: production refuses to fall into it by omission.
  PAYMENT_GATEWAY_URL: Joi.alternatives(Joi.string().trim().valid(SANDBOX_GATEWAY), httpsUrlInProduction()).messages({
    'alternatives.match': '{{#label}} must be an http(s) URL or "sandbox"',
  }),
  PAYMENT_GATEWAY_TIMEOUT_MS: Joi.number().integer().min(100).max(120000).default(5000),
  SUPPORTED_CURRENCIES: csv(/^[A-Z]{3}$/, { atLeastOne: true }).default(['BRL']),
  SELF_SIGNUP: Joi.boolean().default(true),
  RATE_LIMIT_PER_MINUTE: Joi.number().integer().min(1).default(600),
  TRUST_PROXY: Joi.number().integer().min(0).max(10).default(0),
  // The drain exists for a load balancer; in development it only delays Ctrl-C and every reload.
  SHUTDOWN_DRAIN_MS: Joi.number().integer().min(0).max(600000).when('NODE_ENV', {
    is: 'production',
    then: Joi.number().integer().min(0).max(600000).default(5000),
    otherwise: Joi.number().integer().min(0).max(600000).default(0),
  }),
  KEEP_ALIVE_TIMEOUT_MS: Joi.number().integer().min(1000).default(65000),
  // Server-side request forgery: in production deliveries go to public addresses only, unless an operator says otherwise.
  WEBHOOKS_ALLOW_PRIVATE: Joi.boolean().when('NODE_ENV', { is: 'production', then: Joi.boolean().default(false), otherwise: Joi.boolean().default(true) }),
  WEBHOOK_WORKER_INTERVAL_MS: Joi.number().integer().min(100).max(600000).default(2000),
  WEBHOOK_TIMEOUT_MS: Joi.number().integer().min(1000).max(60000).default(10000),
})
  .and('SSO_ISSUER', 'SSO_JWKS_URL', 'SSO_AUDIENCE')
  .messages({ 'object.and': 'SSO_ISSUER, SSO_JWKS_URL and SSO_AUDIENCE must be set together (missing: {{#missingWithLabels}})' })
  .unknown(true);

/**
 * Rules across variables, checked outside the joi schema on purpose: joi skips an object's own
 * rules as soon as one variable is invalid, and the operator must see every problem in one run.
 */
function crossVariableProblems(env: NodeJS.ProcessEnv): string[] {
  const isSet = (name: string) => (env[name] ?? '').trim() !== '';
  if (env.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (!isSet('JWT_PRIVATE_KEY') && !isSet('JWT_PRIVATE_KEY_FILE')) problems.push('"JWT_PRIVATE_KEY" or "JWT_PRIVATE_KEY_FILE" is required in production');
  // The sandbox approves every charge: in production it must be chosen, never defaulted to.
  if (!isSet('PAYMENT_GATEWAY_URL')) problems.push('"PAYMENT_GATEWAY_URL" is required in production (a gateway URL, or "sandbox" to run the built-in sandbox deliberately)');
  return problems;
}

/** Thrown with every offending variable listed, so one run tells the operator everything to fix. */
export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const { value, error } = schema.validate(env, { abortEarly: false, convert: true });
  const problems = [...(error?.details.map((d) => d.message) ?? []), ...crossVariableProblems(env)];
  if (problems.length > 0) throw new ConfigurationError(problems);
  return {
    port: value.PORT,
    host: value.HOST,
    metricsPort: value.METRICS_PORT,
    nodeEnv: value.NODE_ENV,
    appName: value.APP_NAME,
    apiVersion: value.API_VERSION,
    logLevel: value.LOG_LEVEL,
    databaseUrl: value.DATABASE_URL,
    dataDir: value.DATA_DIR,
    dbPoolSize: value.DB_POOL_SIZE,
    dbLockTimeoutMs: value.DB_LOCK_TIMEOUT_MS,
    dbStatementTimeoutMs: value.DB_STATEMENT_TIMEOUT_MS,
    dbAcquireTimeoutMs: value.DB_ACQUIRE_TIMEOUT_MS,
    idempotencyLeaseMs: value.IDEMPOTENCY_LEASE_MS,
    holdsExpiryIntervalMs: value.HOLDS_EXPIRY_INTERVAL_MS,
    autoMigrate: value.AUTO_MIGRATE,
    redisUrl: value.REDIS_URL,
    redisTtlSeconds: value.REDIS_TTL,
    natsUrl: value.NATS_URL,
    eventsPollIntervalMs: value.EVENTS_POLL_INTERVAL_MS,
    redisKeyPrefix: value.REDIS_KEY_PREFIX,
    jwtPrivateKey: value.JWT_PRIVATE_KEY,
    jwtPrivateKeyFile: value.JWT_PRIVATE_KEY_FILE,
    jwtPublicKeysFile: value.JWT_PUBLIC_KEYS_FILE,
    jwtIssuer: value.JWT_ISSUER,
    jwtAudience: value.JWT_AUDIENCE,
    accessTokenExpireMinutes: value.ACCESS_TOKEN_EXPIRE_MINUTES,
    refreshTokenExpireDays: value.REFRESH_TOKEN_EXPIRE_DAYS,
    refreshTokenAbsoluteDays: value.REFRESH_TOKEN_ABSOLUTE_DAYS,
    corsOrigins: value.CORS_ORIGINS,
    ssoIssuer: value.SSO_ISSUER,
    ssoJwksUrl: value.SSO_JWKS_URL,
    ssoAudience: value.SSO_AUDIENCE,
    paymentGatewayUrl: value.PAYMENT_GATEWAY_URL === SANDBOX_GATEWAY ? undefined : value.PAYMENT_GATEWAY_URL,
    paymentGatewayTimeoutMs: value.PAYMENT_GATEWAY_TIMEOUT_MS,
    supportedCurrencies: value.SUPPORTED_CURRENCIES,
    selfSignup: value.SELF_SIGNUP,
    rateLimitPerMinute: value.RATE_LIMIT_PER_MINUTE,
    trustProxy: value.TRUST_PROXY,
    shutdownDrainMs: value.SHUTDOWN_DRAIN_MS,
    keepAliveTimeoutMs: value.KEEP_ALIVE_TIMEOUT_MS,
    webhooksAllowPrivate: value.WEBHOOKS_ALLOW_PRIVATE,
    webhookWorkerIntervalMs: value.WEBHOOK_WORKER_INTERVAL_MS,
    webhookTimeoutMs: value.WEBHOOK_TIMEOUT_MS,
  };
}

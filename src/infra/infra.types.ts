/** Symbols of infrastructure singletons and helpers that no domain port describes. */
export const INFRA_TYPES = {
  Knex: Symbol.for('Knex'),
  KnexDbContext: Symbol.for('KnexDbContext'),
  ClaimReleases: Symbol.for('ClaimReleases'),
  Logger: Symbol.for('Logger'),
  RedisClient: Symbol.for('RedisClient'),
  CacheTtlSeconds: Symbol.for('CacheTtlSeconds'),
  RefreshLifetimes: Symbol.for('RefreshLifetimes'),
  RefreshTokenSuccessor: Symbol.for('RefreshTokenSuccessor'),
  PasswordCredentialVerifier: Symbol.for('PasswordCredentialVerifier'),
  OutboxSignal: Symbol.for('OutboxSignal'),
  OutboxDispatcher: Symbol.for('OutboxDispatcher'),
  EventPublisher: Symbol.for('EventPublisher'),
} as const;

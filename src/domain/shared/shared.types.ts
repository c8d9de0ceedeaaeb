export const SHARED_TYPES = {
  IUnitOfWork: Symbol.for('IUnitOfWork'),
  ICache: Symbol.for('ICache'),
  IClock: Symbol.for('IClock'),
  IAuditLog: Symbol.for('IAuditLog'),
  IEventOutbox: Symbol.for('IEventOutbox'),
  IEventSubscriber: Symbol.for('IEventSubscriber'),
  IEventFeed: Symbol.for('IEventFeed'),
} as const;

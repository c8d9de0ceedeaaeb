export const USER_TYPES = {
  IUserRepository: Symbol.for('IUserRepository'),
  IUserService: Symbol.for('IUserService'),
  IPasswordHasher: Symbol.for('IPasswordHasher'),
  IUserEventHandler: Symbol.for('IUserEventHandler'),
} as const;

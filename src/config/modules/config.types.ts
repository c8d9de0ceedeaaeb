export const CONFIG_TYPES = {
  Settings: Symbol.for('Settings'),
} as const;

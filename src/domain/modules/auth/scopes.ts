import { InvalidScopeError } from './auth.errors';
import { SCOPES, type Scope } from './principal';

export const isScope = (value: string): value is Scope => (SCOPES as readonly string[]).includes(value);

/**
 * A space-separated scope list (OAuth 2 `scope`), duplicates dropped, in a stable order.
 * Any name that is not a known scope throws InvalidScopeError.
 */
export function parseScopes(text: string): Scope[] {
  const names = text.split(' ').filter(Boolean);
  const unknown = names.find((name) => !isScope(name));
  if (unknown !== undefined) throw new InvalidScopeError(`Unknown scope "${unknown}"`);
  return SCOPES.filter((scope) => names.includes(scope));
}

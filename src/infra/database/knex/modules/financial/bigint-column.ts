/**
 * bigint columns arrive as strings from node-postgres and as number or bigint from PGlite; all
 * become a bigint here, never a float. Values are sent back as decimal strings for the same reason.
 */
export function toBigInt(value: string | number | bigint): bigint {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new RangeError(`unsafe bigint column value ${value}`);
  return BigInt(value);
}

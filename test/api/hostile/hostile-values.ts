/**
 * Seeded generators of the inputs a fuzz run found answering 500: characters PostgreSQL text
 * refuses or that disguise text, broken percent-encoding, non-canonical UUIDs, broken compressed
 * bodies. Seeded, so that a failure names the seed that reproduces it.
 */

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Picker {
  constructor(readonly random: () => number) {}

  one<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  /** `text` with `char` inserted at a random place (start, middle or end). */
  insert(text: string, char: string): string {
    const at = Math.floor(this.random() * (text.length + 1));
    return text.slice(0, at) + char + text.slice(at);
  }
}

/** NUL and other controls, C1, lone surrogates, direction overrides and isolates, zero-width characters. */
export const UNSAFE_CHARACTERS = ['\u0000', '\u0001', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b', '\ud800', '\udfff', '\u202e', '\u202d', '\u2066', '\u2069', '\u200e', '\u200b', '\u200d', '\u2060', '\ufeff', '\u061c'];

/** Path segments that are not valid percent-encoded UTF-8, or that decode to an unsafe character. */
export const BROKEN_SEGMENTS = ['%E0%A4%A', '%C0%AE', '%C0%AF', '%ED%A0%80', '%ED%BF%BF', '%ZZ', '%', '%%', '%F4%90%80%80', '%FF', '%00', '%E2%80%AE', '%E2%80%8B', 'a%0Ab'];

export const UUID = '99999999-9999-4999-8999-999999999999';
/** Spellings of a UUID that PostgreSQL or joi would accept in some form, and this service must not. */
export const NON_CANONICAL_UUIDS = [`(${UUID})`, `[${UUID}]`, `{${UUID}}`, UUID.replace(/-/g, ':'), UUID.replace(/-/g, ''), `${UUID}:x`, ` ${UUID}`, `${UUID}\u0000`, UUID.toUpperCase().replace('9', 'G')];

/** Bodies that claim a compression they do not have. */
export const BROKEN_ENCODINGS = [
  { encoding: 'gzip', bytes: Buffer.from('{"not":"gzip"}') },
  { encoding: 'deflate', bytes: Buffer.from('\x78\x9c garbage') },
  { encoding: 'gzip', bytes: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]) },
  { encoding: 'br', bytes: Buffer.from('{}') },
  { encoding: 'x-unknown', bytes: Buffer.from('{}') },
];

/**
 * encodeURIComponent, except that a lone surrogate (which has no UTF-8 form, so encodeURIComponent
 * throws) is sent as the bytes a careless encoder would produce: CESU-8, %ED%A0%80 for U+D800.
 */
export function percentEncode(text: string): string {
  return Array.from(text, (char) => {
    const code = char.charCodeAt(0);
    if (char.length === 1 && code >= 0xd800 && code <= 0xdfff) {
      return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    }
    return encodeURIComponent(char);
  }).join('');
}

import type BaseJoi from 'joi';
import { Joi } from '../schemas/safe-text.joi';
import { HttpProblem } from '../problems/problem';

/** Opaque cursors: base64url JSON of a list's keyset position, validated on the way back in. */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor<K>(cursor: string | undefined, schema: BaseJoi.Schema<K>): K | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const { value, error } = schema.validate(parsed);
    if (!error) return value;
  } catch {
    // fall through: an unreadable cursor is the client's error, reported below
  }
  throw new HttpProblem('INVALID_CURSOR', 'The cursor is not one this service issued');
}

/** A list's query string: the page size and, past the first page, the cursor the last page gave. */
export interface PageRequest {
  limit: number;
  cursor?: string;
}

export const pageQuerySchema = {
  limit: Joi.number().integer().min(1).max(100).default(20),
  cursor: Joi.string().max(512),
};

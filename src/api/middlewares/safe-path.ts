import type { RequestHandler } from 'express';
import { hasUnsafeCharacters } from '../../domain/shared/unsafe-text';
import { HttpProblem } from '../problems/problem';

/**
 * Decodes every path segment once, before any router: Express otherwise throws a URIError from
 * deep inside route matching on `%ZZ`, a truncated sequence, an overlong `%C0%AE` or an encoded
 * lone surrogate (`%ED%A0%80`), which would be a 500. A segment that decodes to a control,
 * invisible or direction character is refused as well: no route of this service takes one.
 */
export const safePath: RequestHandler = (req, _res, next) => {
  for (const segment of req.path.split('/')) {
    if (!segment.includes('%') && !hasUnsafeCharacters(segment)) continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      next(new HttpProblem('MALFORMED_PATH', 'The request path is not valid percent-encoded UTF-8'));
      return;
    }
    if (hasUnsafeCharacters(decoded)) {
      next(new HttpProblem('MALFORMED_PATH', 'The request path holds control, invisible or text-direction characters'));
      return;
    }
  }
  next();
};

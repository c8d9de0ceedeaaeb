import type { RequestHandler } from 'express';

/**
 * Everything the API answers (balances, statements, personal data, tokens, and the problems that
 * name them) must not be kept by a browser, proxy or CDN cache (ASVS 8.2.1; RFC 6749 section 5.1
 * for token responses, whose `Pragma` is for HTTP/1.0 caches that ignore Cache-Control).
 *
 * Set before anything can answer, so that refusals from the guards, the body parser and the error
 * handler carry it too. Mounted after the public routes (health, metrics, JWKS, docs), which
 * choose their own caching: the public keys are meant to be cached.
 */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  next();
};

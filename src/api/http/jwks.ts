import express, { type Router } from 'express';

/** Publishes every public key a token may be verified with (RFC 7517 JWK Set). */
export function jwksRouter(keys: readonly Record<string, unknown>[]): Router {
  const body = JSON.stringify({ keys });
  const router = express.Router();
  router.get('/.well-known/jwks.json', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('application/jwk-set+json').send(body);
  });
  return router;
}

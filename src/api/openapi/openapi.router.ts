import express, { type Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import type { JsonObject } from './openapi-builder';

/**
 * GET /openapi.json and the Swagger UI at /docs/. The UI loads the document from /openapi.json
 * and its assets from /docs/ (same origin, no inline script), so helmet's default CSP holds.
 */
export function openApiRouter(document: JsonObject): Router {
  const body = JSON.stringify(document);
  const ui = { customSiteTitle: 'fincore API', swaggerUrl: '/openapi.json' };
  const page = swaggerUi.setup(undefined, ui);
  const router = express.Router();
  router.get('/openapi.json', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('application/json').send(body);
  });
  // The page refers to its assets relatively (./swagger-ui.css): it must be served from /docs/.
  router.get('/docs', (req, res, next) => {
    if (!req.originalUrl.split('?')[0].endsWith('/')) {
      res.redirect(301, '/docs/');
      return;
    }
    page(req, res, next);
  });
  router.use('/docs', ...swaggerUi.serveFiles(undefined, ui));
  return router;
}

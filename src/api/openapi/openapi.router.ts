import express, { type RequestHandler, type Router } from 'express';
import type { DocumentInfo } from './openapi.document';

type SwaggerUi = typeof import('swagger-ui-express');

/**
 * GET /openapi.json and the Swagger UI at /docs/. The UI loads the document from /openapi.json
 * and its assets from /docs/ (same origin, no inline script), so helmet's default CSP holds.
 *
 * The document (joi-to-swagger over every schema) and the UI's assets are built and loaded on the
 * first request for them, not at start-up: a process that never serves its docs never pays their
 * memory, and start-up does not wait for them.
 */
export function openApiRouter(info: DocumentInfo): Router {
  let body: string | undefined;
  const documentText = (): string => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    body ??= JSON.stringify((require('./openapi.document') as typeof import('./openapi.document')).buildOpenApiDocument(info));
    return body;
  };
  let ui: { page: RequestHandler; assets: RequestHandler[] } | undefined;
  const swagger = () => {
    if (!ui) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const swaggerUi = require('swagger-ui-express') as SwaggerUi;
      // validatorUrl null: no badge fetched from validator.swagger.io, which would send the
      // document's URL to a third party (and which the CSP refuses anyway).
      const options = { customSiteTitle: 'fincore API', swaggerUrl: '/openapi.json', swaggerOptions: { persistAuthorization: true, validatorUrl: null } };
      ui = { page: swaggerUi.setup(undefined, options), assets: swaggerUi.serveFiles(undefined, options) };
    }
    return ui;
  };
  const router = express.Router();
  router.get('/openapi.json', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('application/json').send(documentText());
  });
  // The page refers to its assets relatively (./swagger-ui.css): it must be served from /docs/.
  router.get('/docs', (req, res, next) => {
    if (!req.originalUrl.split('?')[0].endsWith('/')) {
      res.redirect(301, '/docs/');
      return;
    }
    swagger().page(req, res, next);
  });
  router.use('/docs', (req, res, next) => runInOrder(swagger().assets, req, res, next));
  return router;
}

/** Runs the handlers serveFiles returns as Express would have, each passing to the next. */
function runInOrder(handlers: RequestHandler[], req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1], next: (error?: unknown) => void): void {
  let index = 0;
  const step = (error?: unknown): void => {
    const handler = handlers[index++];
    if (error !== undefined || !handler) return next(error);
    handler(req, res, step);
  };
  step();
}

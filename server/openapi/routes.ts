import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import type { AppContext } from '../context.js';
import { openApiDocument } from './document.js';

const swaggerDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules/swagger-ui-dist');
const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>film2131 API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;
// A file rather than an inline script, so the page runs under the default Content-Security-Policy.
const initScript = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true });`;

/** The OpenAPI document and its reader, both public. */
export function docsRoutes(ctx: AppContext): Router {
  const r = Router();
  const doc = openApiDocument(ctx.config);
  r.get('/openapi.json', (_req, res) => {
    res.json(doc);
  });
  r.get('/docs', (_req, res) => {
    res.type('html').send(docsPage);
  });
  r.get('/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(initScript);
  });
  r.use('/docs/assets', express.static(swaggerDir, { maxAge: '1d', index: false }));
  return r;
}

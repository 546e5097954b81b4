import express, { Router } from 'express';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { AppDependencies } from '../app-dependencies';

/** The folder of the swagger-ui-dist package, found through Node's resolution so a bundle finds it too. */
function swaggerUiFolder(): string {
  const require = createRequire(import.meta.url);
  return join(require.resolve('swagger-ui-dist/package.json'), '..');
}

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>bts-console API</title>
    <link rel="stylesheet" href="/api/docs/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/docs/swagger-ui-bundle.js"></script>
    <script src="/api/docs/swagger-ui-standalone-preset.js"></script>
    <script src="/api/docs/bts-console-docs.js"></script>
  </body>
</html>
`;

// A file of our own, not an inline script, so the Content-Security-Policy can forbid inline scripts.
// validatorUrl null: Swagger UI would otherwise send the document to an outside validator.
const INITIALIZER = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    withCredentials: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
});
`;

/** Interactive API docs from the swagger-ui-dist package: no CDN, no inline script. */
export function createDocsRouter(_deps: AppDependencies): Router {
  const router = Router();
  const folder = swaggerUiFolder();
  router.get(['/docs', '/docs/', '/docs/index.html'], (_req, res) => {
    res.type('html').send(PAGE);
  });
  router.get('/docs/bts-console-docs.js', (_req, res) => {
    res.type('application/javascript').send(INITIALIZER);
  });
  router.use('/docs', express.static(folder, { index: false, maxAge: '1d', fallthrough: true }));
  return router;
}

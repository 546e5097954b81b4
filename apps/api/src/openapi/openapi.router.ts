import { Router } from 'express';
import type { AppDependencies } from '../app-dependencies';
import { buildOpenApiDocument } from './document';
import { registerOperation } from './registry';

registerOperation({
  method: 'get',
  path: '/api/openapi.json',
  summary: 'This OpenAPI 3.1 document',
  tags: ['Documentation'],
  anonymous: true,
  responses: { 200: { description: 'The OpenAPI document' } },
});

/** Serves the generated document; built on first request, once every router has registered. */
export function createOpenApiRouter(_deps: AppDependencies): Router {
  const router = Router();
  let document: string | undefined;
  router.get('/openapi.json', (_req, res) => {
    document ??= JSON.stringify(buildOpenApiDocument({ version: '0.1.0' }));
    res.type('application/json').send(document);
  });
  return router;
}

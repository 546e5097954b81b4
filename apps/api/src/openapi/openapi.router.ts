import { Router } from 'express';
import type { AppDependencies } from '../app-dependencies';
import { defineRoute } from '../http/route';
import { buildOpenApiDocument } from './document';

/** Serves the generated document; built on first request, once every router has registered. */
export function createOpenApiRouter(_deps: AppDependencies): Router {
  const router = Router();
  let document: string | undefined;
  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/openapi.json',
      summary: 'This OpenAPI 3.1 document',
      tags: ['Documentation'],
      access: 'anyone',
      responses: { 200: 'The OpenAPI document' },
    },
    ({ res }) => {
      document ??= JSON.stringify(buildOpenApiDocument({ version: '0.1.0' }));
      res.type('application/json').send(document);
    },
  );
  return router;
}

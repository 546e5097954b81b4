import {
  NormalizeThumbprintRequestSchema,
  NormalizeThumbprintResponseSchema,
  normalizeThumbprint,
  type NormalizeThumbprintResponse,
} from '@bts-console/domain';
import { Router } from 'express';
import type { AppDependencies } from '../app-dependencies';
import { defineRoute, jsonBody } from '../http/route';

/** The same thumbprint rules as the console's text box, for the CLI and other clients. */
export function createThumbprintsRouter(_deps: AppDependencies): Router {
  const router = Router();
  defineRoute(
    router,
    {
      method: 'post',
      path: '/api/thumbprints/normalize',
      summary: 'Normalize a typed or pasted thumbprint (DESIGN §4)',
      description:
        'Always 200 for a well-formed request: `ok` says whether the value is a thumbprint; `error` says what is wrong with it.',
      tags: ['Thumbprints'],
      access: 'signed-in',
      body: jsonBody(NormalizeThumbprintRequestSchema),
      responses: {
        200: {
          description: 'The canonical and display forms, or why the value is not a thumbprint',
          schema: NormalizeThumbprintResponseSchema,
        },
        422: 'The body has no string `value`',
      },
    },
    ({ body, res }) => {
      const result = normalizeThumbprint(body.value);
      const answer: NormalizeThumbprintResponse = result.ok
        ? {
            ok: true,
            thumbprint: result.thumbprint,
            display: result.display,
            removed: result.removed.map(({ codePoint, name }) => ({ codePoint, name })),
          }
        : { ok: false, error: result.error };
      res.json(answer);
    },
  );
  return router;
}

import {
  NormalizeThumbprintRequestSchema,
  NormalizeThumbprintResponseSchema,
  ProblemDetailsSchema,
  normalizeThumbprint,
  type NormalizeThumbprintResponse,
} from '@bts-console/domain';
import { Router } from 'express';
import type { AppDependencies } from '../app-dependencies';
import { requireSignedIn } from '../auth/guards';
import { parseBody } from '../http/validate';
import { registerOperation } from '../openapi/registry';

registerOperation({
  method: 'post',
  path: '/api/thumbprints/normalize',
  summary: 'Normalize a typed or pasted thumbprint (DESIGN §4)',
  description:
    'Always 200 for a well-formed request: `ok` says whether the value is a thumbprint; `error` says what is wrong with it.',
  tags: ['Thumbprints'],
  body: NormalizeThumbprintRequestSchema,
  responses: {
    200: {
      description: 'The canonical and display forms, or why the value is not a thumbprint',
      schema: NormalizeThumbprintResponseSchema,
    },
    401: { description: 'Not signed in', schema: ProblemDetailsSchema },
    422: { description: 'The body has no string `value`', schema: ProblemDetailsSchema },
  },
});

/** The same thumbprint rules as the console's text box, for the CLI and other clients. */
export function createThumbprintsRouter(_deps: AppDependencies): Router {
  const router = Router();
  router.post('/thumbprints/normalize', requireSignedIn, (req, res) => {
    const { value } = parseBody(NormalizeThumbprintRequestSchema, req.body);
    const result = normalizeThumbprint(value);
    const body: NormalizeThumbprintResponse = result.ok
      ? {
          ok: true,
          thumbprint: result.thumbprint,
          display: result.display,
          removed: result.removed.map(({ codePoint, name }) => ({ codePoint, name })),
        }
      : { ok: false, error: result.error };
    res.json(body);
  });
  return router;
}

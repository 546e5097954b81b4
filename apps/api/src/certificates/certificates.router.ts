import { CertificateDetailSchema, ProblemDetailsSchema } from '@bts-console/domain';
import { Router } from 'express';
import { z } from 'zod';
import type { AppDependencies } from '../app-dependencies';
import { requireSignedIn } from '../auth/guards';
import { parseParams } from '../http/validate';
import { registerOperation } from '../openapi/registry';
import { thumbprintFromPath } from '../stores/stores.service';
import { getCertificateDetail } from './certificates.service';

const CertificateParamsSchema = z.object({
  thumbprint: z
    .string()
    .min(1)
    .max(512)
    .describe('Thumbprint in any accepted form (spaces, colons, any case)'),
});

registerOperation({
  method: 'get',
  path: '/api/certificates/{thumbprint}',
  summary:
    'A certificate: its fields, its presence in each computer’s Other People store, the send ports using it',
  tags: ['Certificates'],
  params: CertificateParamsSchema,
  responses: {
    200: { description: 'The certificate', schema: CertificateDetailSchema },
    401: { description: 'Not signed in', schema: ProblemDetailsSchema },
    404: { description: 'No such certificate in this group', schema: ProblemDetailsSchema },
    422: { description: 'invalid-thumbprint', schema: ProblemDetailsSchema },
  },
});

/** Certificates across the group, by thumbprint. */
export function createCertificatesRouter({ database }: AppDependencies): Router {
  const router = Router();
  router.get('/certificates/:thumbprint', requireSignedIn, async (req, res) => {
    const { thumbprint } = parseParams(CertificateParamsSchema, req.params);
    res.json(await getCertificateDetail(database.db, thumbprintFromPath(thumbprint)));
  });
  return router;
}

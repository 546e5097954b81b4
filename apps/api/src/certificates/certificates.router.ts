import { CertificateDetailSchema } from '@bts-console/domain';
import { Router } from 'express';
import { z } from 'zod';
import type { AppDependencies } from '../app-dependencies';
import { ThumbprintSchema } from '../http/path-parameters';
import { defineRoute } from '../http/route';
import { thumbprintFromPath } from '../stores/stores.service';
import { getCertificateDetail } from './certificates.service';

/** Certificates across the group, by thumbprint. */
export function createCertificatesRouter({ database }: AppDependencies): Router {
  const router = Router();
  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/certificates/{thumbprint}',
      summary:
        'A certificate: its fields, its presence in each computer’s Other People store, the send ports using it',
      tags: ['Certificates'],
      access: 'signed-in',
      params: z.object({ thumbprint: ThumbprintSchema }),
      responses: {
        200: { description: 'The certificate', schema: CertificateDetailSchema },
        404: 'No such certificate in this group',
        422: 'invalid-thumbprint',
      },
    },
    async ({ params, res }) => {
      res.json(await getCertificateDetail(database.db, thumbprintFromPath(params.thumbprint)));
    },
  );
  return router;
}

import {
  CertificateDetailSchema,
  CertificatesInUseListSchema,
  CertificatesInUseQuerySchema,
} from '@bts-console/domain';
import { Router } from 'express';
import { z } from 'zod';
import type { AppDependencies } from '../app-dependencies';
import { ThumbprintSchema } from '../http/path-parameters';
import { defineRoute } from '../http/route';
import { thumbprintFromPath } from '../stores/stores.service';
import { listCertificatesInUse } from '../lifecycle/in-use.service';
import { getCertificateDetail } from './certificates.service';

/** Certificates across the group, by thumbprint. */
export function createCertificatesRouter({ database, clock, config }: AppDependencies): Router {
  const router = Router();
  // Before /{thumbprint}, which would read "in-use" as a thumbprint.
  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/certificates/in-use',
      summary:
        'Certificates in use (DESIGN §12): one row per certificate a send port references, by days left',
      tags: ['Certificates'],
      access: 'signed-in',
      query: CertificatesInUseQuerySchema,
      responses: {
        200: { description: 'A page of rows and the total', schema: CertificatesInUseListSchema },
      },
    },
    async ({ query, res }) => {
      res.json(await listCertificatesInUse(database.db, query, config.expiryWarningDays, clock.now()));
    },
  );
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

import {
  ImportCertificateQuerySchema,
  StoreCertificatePageSchema,
  StoreCertificateSchema,
  StoreCertificateSummaryPageSchema,
  StoreSearchQuerySchema,
  text,
} from '@bts-console/domain';
import { Router } from 'express';
import { z } from 'zod';
import type { AppDependencies } from '../app-dependencies';
import { administrators } from '../auth/guards';
import { ThumbprintSchema } from '../http/path-parameters';
import { defineRoute, rawBody } from '../http/route';
import {
  importIntoStore,
  removeFromOtherPeopleStore,
  searchStore,
  thumbprintFromPath,
} from './stores.service';

const StoreParamsSchema = z.object({
  computer: text().min(1).max(64).describe('Computer name, e.g. BTS01'),
});
const StoreCertificateParamsSchema = StoreParamsSchema.extend({ thumbprint: ThumbprintSchema });

const STORE_PATH = '/api/computers/{computer}/stores/other-people/certificates';

/** The Other People store of each computer: list and search, import, remove. */
export function createStoresRouter({ database, clock }: AppDependencies): Router {
  const router = Router();
  const db = database.db;

  defineRoute(
    router,
    {
      method: 'get',
      path: STORE_PATH,
      summary: "A computer's Other People store (the Select Certificate dialog), searchable",
      tags: ['Certificate stores'],
      access: 'signed-in',
      params: StoreParamsSchema,
      query: StoreSearchQuerySchema,
      responses: {
        200: {
          description:
            'One page of certificates in the order asked for (Issued To by default) and the total of matches (with count=bounded, when the page is not the last, more than how many match): every field, or with view=summary what Select Certificate shows',
          schema: z.union([StoreCertificatePageSchema, StoreCertificateSummaryPageSchema]),
        },
        404: 'No such computer, or no such send port (forSendPort)',
        422: 'A parameter is not valid, e.g. limit above 1000',
      },
    },
    async ({ params, query, res }) => {
      res.json(await searchStore(db, clock, params.computer, query));
    },
  );

  defineRoute(
    router,
    {
      method: 'post',
      path: STORE_PATH,
      summary:
        'Import a .cer/.crt/.pem/.der file (the request body is the file; PEM or DER told apart by content)',
      tags: ['Certificate stores'],
      access: administrators('Importing certificates into a store'),
      params: StoreParamsSchema,
      query: ImportCertificateQuerySchema,
      // Browsers and curl label .cer files inconsistently, and the content tells PEM from DER.
      // 64 KB is the x509 package's limit too.
      body: rawBody({ limit: 64 * 1024 }),
      responses: {
        201: { description: 'Imported', schema: StoreCertificateSchema },
        404: 'No such computer',
        409: 'already-in-store',
        413: 'The file is larger than 64 KB',
        422: 'Not a public certificate: pkcs12, private-key, certificate-request, multiple-certificates, bad-base64, truncated, empty or not-a-certificate',
      },
    },
    async ({ params, query, body, actor, res }) => {
      const imported = await importIntoStore(db, clock, actor, {
        computerName: params.computer,
        bytes: body,
        friendlyName: query.friendlyName,
      });
      res.status(201).location(`/api/certificates/${imported.thumbprint}`).json(imported);
    },
  );

  defineRoute(
    router,
    {
      method: 'delete',
      path: `${STORE_PATH}/{thumbprint}`,
      summary: "Remove a certificate from a computer's Other People store",
      tags: ['Certificate stores'],
      access: administrators('Removing certificates from a store'),
      params: StoreCertificateParamsSchema,
      responses: {
        204: 'Removed',
        404: 'No such computer, or the certificate is not in its store',
        409: 'certificate-in-use: a send port this computer processes uses it (sendPorts lists them)',
        422: 'invalid-thumbprint',
      },
    },
    async ({ params, actor, res }) => {
      await removeFromOtherPeopleStore(db, clock, actor, {
        computerName: params.computer,
        thumbprint: thumbprintFromPath(params.thumbprint),
      });
      res.status(204).end();
    },
  );

  return router;
}

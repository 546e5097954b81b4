import {
  canChangeConfiguration,
  ImportCertificateQuerySchema,
  ProblemDetailsSchema,
  StoreCertificateListSchema,
  StoreCertificateSchema,
  StoreCertificateSummaryListSchema,
  StoreSearchQuerySchema,
} from '@bts-console/domain';
import express, { Router } from 'express';
import { z } from 'zod';
import type { AppDependencies } from '../app-dependencies';
import { actorOf } from '../auth/actor';
import { requireRole, requireSignedIn } from '../auth/guards';
import { parseParams, parseQuery } from '../http/validate';
import { registerOperation } from '../openapi/registry';
import {
  importIntoStore,
  removeFromOtherPeopleStore,
  searchStore,
  thumbprintFromPath,
} from './stores.service';

const StoreParamsSchema = z.object({
  computer: z.string().min(1).max(64).describe('Computer name, e.g. BTS01'),
});
const StoreCertificateParamsSchema = StoreParamsSchema.extend({
  thumbprint: z
    .string()
    .min(1)
    .max(512)
    .describe('Thumbprint in any accepted form (spaces, colons, any case)'),
});

const STORE_PATH = '/api/computers/{computer}/stores/other-people/certificates';
const problem = (description: string) => ({ description, schema: ProblemDetailsSchema });

registerOperation({
  method: 'get',
  path: STORE_PATH,
  summary: "A computer's Other People store (the Select Certificate dialog), searchable",
  tags: ['Certificate stores'],
  params: StoreParamsSchema,
  query: StoreSearchQuerySchema,
  responses: {
    200: {
      description:
        'Certificates by Issued To: every field, or with view=summary what Select Certificate shows',
      schema: z.union([StoreCertificateListSchema, StoreCertificateSummaryListSchema]),
    },
    401: problem('Not signed in'),
    404: problem('No such computer'),
  },
});
registerOperation({
  method: 'post',
  path: STORE_PATH,
  summary:
    'Import a .cer/.crt/.pem/.der file (the request body is the file; PEM or DER told apart by content)',
  tags: ['Certificate stores'],
  params: StoreParamsSchema,
  query: ImportCertificateQuerySchema,
  body: 'binary',
  responses: {
    201: { description: 'Imported', schema: StoreCertificateSchema },
    401: problem('Not signed in'),
    403: problem('Not an administrator'),
    404: problem('No such computer'),
    409: problem('already-in-store'),
    413: problem('The file is larger than 64 KB'),
    422: problem(
      'Not a public certificate: pkcs12, private-key, certificate-request, multiple-certificates, bad-base64, truncated, empty or not-a-certificate',
    ),
  },
});
registerOperation({
  method: 'delete',
  path: `${STORE_PATH}/{thumbprint}`,
  summary: "Remove a certificate from a computer's Other People store",
  tags: ['Certificate stores'],
  params: StoreCertificateParamsSchema,
  responses: {
    204: { description: 'Removed' },
    401: problem('Not signed in'),
    403: problem('Not an administrator'),
    404: problem('No such computer, or the certificate is not in its store'),
    409: problem('certificate-in-use: a send port this computer processes uses it (sendPorts lists them)'),
    422: problem('invalid-thumbprint'),
  },
});

/**
 * A certificate file arrives as the request body whatever its declared type: browsers and curl label
 * .cer files inconsistently, and the content tells PEM from DER. 64 KB is the x509 package's limit too.
 */
const certificateFileBody = express.raw({ type: () => true, limit: '64kb' });

/** The Other People store of each computer: list and search, import, remove. */
export function createStoresRouter({ database, clock }: AppDependencies): Router {
  const router = Router();
  const db = database.db;
  const path = '/computers/:computer/stores/other-people/certificates';

  router.get(path, requireSignedIn, async (req, res) => {
    const { computer } = parseParams(StoreParamsSchema, req.params);
    const query = parseQuery(StoreSearchQuerySchema, req.query);
    res.json(await searchStore(db, computer, query));
  });

  router.post(
    path,
    requireRole(canChangeConfiguration, 'Importing certificates into a store'),
    certificateFileBody,
    async (req, res) => {
      const { computer } = parseParams(StoreParamsSchema, req.params);
      const { friendlyName } = parseQuery(ImportCertificateQuerySchema, req.query);
      const bytes: Uint8Array = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const imported = await importIntoStore(db, clock, actorOf(req), {
        computerName: computer,
        bytes,
        friendlyName,
      });
      res.status(201).location(`/api/certificates/${imported.thumbprint}`).json(imported);
    },
  );

  router.delete(
    `${path}/:thumbprint`,
    requireRole(canChangeConfiguration, 'Removing certificates from a store'),
    async (req, res) => {
      const params = parseParams(StoreCertificateParamsSchema, req.params);
      const thumbprint = thumbprintFromPath(params.thumbprint);
      await removeFromOtherPeopleStore(db, clock, actorOf(req), {
        computerName: params.computer,
        thumbprint,
      });
      res.status(204).end();
    },
  );

  return router;
}

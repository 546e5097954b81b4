import { computersHaving, getGroupSettings, groupDisplayName } from '@bts-console/db';
import {
  CertificateDetailSchema,
  CertificatesInUseListSchema,
  CertificatesInUseQuerySchema,
  InstallCertificateRequestSchema,
  InstallCertificateResultSchema,
  InstallationScriptQuerySchema,
} from '@bts-console/domain';
import { Router } from 'express';
import { z } from 'zod';
import type { AppDependencies } from '../app-dependencies';
import { administrators } from '../auth/guards';
import { ThumbprintSchema } from '../http/path-parameters';
import { defineRoute, jsonBody } from '../http/route';
import { thumbprintFromPath } from '../stores/stores.service';
import { certificateReferences } from '../lifecycle/certificate-references';
import { listCertificatesInUse } from '../lifecycle/in-use.service';
import { getCertificateDetail } from './certificates.service';
import { buildInstallationScript, installationScriptFileName } from './installation-script';
import {
  getCertificateOr404,
  installCertificate,
  processingServersLacking,
  resolveComputers,
} from './installations.service';

const CertificateParamsSchema = z.object({ thumbprint: ThumbprintSchema });

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
    async ({ query, req, res }) => {
      const now = clock.now();
      const references = await certificateReferences(database, now, req.receivedAt);
      res.json(listCertificatesInUse(references, query, config.expiryWarningDays, now));
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
      params: CertificateParamsSchema,
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

  defineRoute(
    router,
    {
      method: 'post',
      path: '/api/certificates/{thumbprint}/installations',
      summary:
        "Install on missing servers: copy the certificate from a store that holds it into each named computer's Other People store",
      description:
        'Idempotent: a computer that already holds the certificate is left alone, and when every named computer does, the answer is 200 with outcome `unchanged`.',
      tags: ['Certificates'],
      access: administrators('Installing certificates into a store'),
      params: CertificateParamsSchema,
      body: jsonBody(InstallCertificateRequestSchema),
      responses: {
        200: {
          description: 'Every named computer already had it: unchanged',
          schema: InstallCertificateResultSchema,
        },
        201: { description: 'Installed on at least one computer', schema: InstallCertificateResultSchema },
        404: 'No such certificate in this group',
        409: 'certificate-in-no-store: no store holds the certificate any more to copy it from',
        422: 'invalid-thumbprint, or unknown-computers (computers names them), or the body is not valid',
      },
    },
    async ({ params, body, actor, res }) => {
      const result = await installCertificate(database.db, clock, actor, {
        thumbprint: thumbprintFromPath(params.thumbprint),
        computers: body.computers,
      });
      res.status(result.outcome === 'installed' ? 201 : 200).json(result);
    },
  );

  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/certificates/{thumbprint}/installation-script.ps1',
      summary:
        'A PowerShell script that installs the certificate into Cert:\\LocalMachine\\AddressBook of each real server that lacks it',
      description:
        'Without `computers`, it names every processing server of a port using the certificate whose Other People store lacks it.',
      tags: ['Certificates'],
      access: 'signed-in',
      params: CertificateParamsSchema,
      query: InstallationScriptQuerySchema,
      responses: {
        200: {
          description: 'The script (attachment Install-<name>-<thumbprint>.ps1)',
          schema: z.string().meta({ id: 'PowerShellScript', description: 'A PowerShell script' }),
          contentType: 'text/plain',
        },
        404: 'No such certificate in this group',
        422: 'invalid-thumbprint, or unknown-computers',
      },
    },
    async ({ params, query, res }) => {
      const db = database.db;
      const thumbprint = thumbprintFromPath(params.thumbprint);
      const certificate = await getCertificateOr404(db, thumbprint);
      const lacking = await processingServersLacking(db, thumbprint);
      let servers = lacking;
      if (query.computers !== undefined) {
        const named = query.computers
          .split(',')
          .map((name) => name.trim())
          .filter((name) => name !== '');
        const held = new Set(await computersHaving(db, thumbprint));
        servers = (await resolveComputers(db, named))
          .map((computer) => computer.name)
          .filter((name) => !held.has(name));
      }
      const group = await getGroupSettings(db);
      const script = buildInstallationScript({
        thumbprint,
        commonName: certificate.subjectCommonName,
        notAfter: certificate.notAfter,
        der: certificate.der,
        servers,
        group: group ? groupDisplayName(group) : 'BizTalk Group',
        generatedAt: clock.now(),
      });
      res.attachment(installationScriptFileName(certificate.subjectCommonName, thumbprint));
      res.type('text/plain; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      res.send(script);
    },
  );
  return router;
}

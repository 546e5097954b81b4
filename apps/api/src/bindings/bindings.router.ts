import {
  BindingsImportQuerySchema,
  BindingsImportReportSchema,
  canChangeConfiguration,
  MAX_BINDING_FILE_BYTES,
  ProblemDetailsSchema,
} from '@bts-console/domain';
import express, { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { AppDependencies } from '../app-dependencies';
import { actorOf } from '../auth/actor';
import { requireRole, requireSignedIn } from '../auth/guards';
import { HttpProblem } from '../http/problem';
import { parseParams, parseQuery } from '../http/validate';
import { registerOperation } from '../openapi/registry';
import { exportBindings, importBindings } from './bindings.service';

const ApplicationParamsSchema = z.object({ app: z.string().min(1).max(256).describe('Application name') });
const BINDINGS_PATH = '/api/applications/{app}/bindings';
const problem = (description: string) => ({ description, schema: ProblemDetailsSchema });

registerOperation({
  method: 'get',
  path: BINDINGS_PATH,
  summary: "Export the application's bindings as BizTalk BindingInfo XML (attachment <app>.BindingInfo.xml)",
  tags: ['Bindings'],
  params: ApplicationParamsSchema,
  responses: {
    200: {
      description: 'The BindingInfo document',
      schema: z.string().meta({ id: 'BindingInfoXml', description: 'BizTalk BindingInfo XML' }),
      contentType: 'application/xml',
    },
    401: problem('Not signed in'),
    404: problem('No such application'),
  },
});
registerOperation({
  method: 'post',
  path: BINDINGS_PATH,
  summary:
    'Import a BizTalk binding file (the request body, UTF-8 or UTF-16 with a byte-order mark): creates and updates send ports; every certificate goes through the assignment rules',
  tags: ['Bindings'],
  params: ApplicationParamsSchema,
  query: BindingsImportQuerySchema,
  body: 'binary',
  responses: {
    200: { description: 'Imported (or, with dryRun, what would be)', schema: BindingsImportReportSchema },
    400: problem(
      'Not a binding file: malformed-xml (names the line), doctype-not-allowed, unsupported-encoding, not-binding-info, empty or truncated',
    ),
    401: problem('Not signed in'),
    403: problem('Not an administrator'),
    404: problem('No such application'),
    413: problem('The file is larger than 10 MB'),
    422: problem(
      'bindings-refused: some send ports were refused and nothing was changed; `report` holds the report',
    ),
  },
});

const rawBindingFile = express.raw({ type: () => true, limit: MAX_BINDING_FILE_BYTES });

/** The file arrives as the body whatever its declared type; body-parser's refusals are put in our words. */
const bindingFileBody: RequestHandler = (req, res, next) => {
  rawBindingFile(req, res, (error?: unknown) => {
    if (error === undefined) return next();
    const type = typeof error === 'object' && error !== null && 'type' in error ? error.type : undefined;
    if (type === 'entity.too.large') {
      return next(
        new HttpProblem({
          status: 413,
          code: 'payload-too-large',
          detail: `The binding file is larger than ${MAX_BINDING_FILE_BYTES / 1024 / 1024} MB, the most this console imports. Split the application's bindings, or remove what the console does not import (receive ports, parties).`,
        }),
      );
    }
    if (type === 'encoding.unsupported') {
      return next(
        new HttpProblem({
          status: 415,
          code: 'unsupported-media-type',
          detail:
            'The Content-Encoding of the request is not supported; send the binding file uncompressed or gzip-compressed.',
        }),
      );
    }
    next(error);
  });
};

function splitServers(value: string | string[] | undefined): string[] {
  return [value ?? '']
    .flat()
    .flatMap((names) => names.split(','))
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/** Binding files (DESIGN §7): export for every signed-in user, import for administrators. */
export function createBindingsRouter({ database, clock }: AppDependencies): Router {
  const router = Router();
  const db = database.db;

  router.get('/applications/:app/bindings', requireSignedIn, async (req, res) => {
    const { app } = parseParams(ApplicationParamsSchema, req.params);
    const exported = await exportBindings(db, app, clock.now());
    res.attachment(`${exported.application}.BindingInfo.xml`);
    res.type('application/xml; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.send(exported.xml);
  });

  router.post(
    '/applications/:app/bindings',
    requireRole(canChangeConfiguration, 'Importing bindings'),
    bindingFileBody,
    async (req, res) => {
      const { app } = parseParams(ApplicationParamsSchema, req.params);
      const query = parseQuery(BindingsImportQuerySchema, req.query);
      const file: unknown = req.body;
      const report = await importBindings(db, clock, actorOf(req), {
        application: app,
        file: Buffer.isBuffer(file) ? file : new Uint8Array(),
        dryRun: query.dryRun,
        partial: query.partial,
        acknowledgeMissingOn: splitServers(query.acknowledgeMissingOn),
      });
      if (report.refused.length > 0 && !query.partial) {
        const names = report.refused.map((port) => `'${port.sendPort}'`).join(', ');
        throw new HttpProblem({
          status: 422,
          code: 'bindings-refused',
          detail: `${report.refused.length === 1 ? 'Send port' : 'Send ports'} ${names} of the file ${report.refused.length === 1 ? 'was' : 'were'} refused, so nothing was imported; see report.refused for why. Fix the file, or import with ?partial=true to apply the rest.`,
          extra: { report },
        });
      }
      res.json(report);
    },
  );

  return router;
}

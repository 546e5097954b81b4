import {
  firstWarningDays,
  BindingsImportQuerySchema,
  BindingsImportReportSchema,
  DEFAULT_BINDING_FILE_MAX_MB,
} from '@bts-console/domain';
import { Router } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { AppDependencies } from '../app-dependencies';
import { administrators } from '../auth/guards';
import { ApplicationParamsSchema } from '../http/path-parameters';
import { HttpProblem } from '../http/problem';
import { defineRoute, streamedBody } from '../http/route';
import { readIfMatch } from '../send-ports/preconditions';
import { exportBindings, importBindings } from './bindings.service';

function splitServers(value: string | string[] | undefined): string[] {
  return [value ?? '']
    .flat()
    .flatMap((names) => names.split(','))
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/** Binding files (DESIGN §7): export for every signed-in user, import for administrators. */
export function createBindingsRouter({ database, clock, config }: AppDependencies): Router {
  const router = Router();
  const db = database.db;
  const maxBytes = config.bindingFileMaxBytes ?? DEFAULT_BINDING_FILE_MAX_MB * 1024 * 1024;
  const maxSize = `${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB`;

  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/applications/{app}/bindings',
      summary:
        "Export the application's bindings as BizTalk BindingInfo XML (attachment <app>.BindingInfo.xml)",
      tags: ['Bindings'],
      access: 'signed-in',
      params: ApplicationParamsSchema,
      responses: {
        200: {
          description: 'The BindingInfo document',
          schema: z.string().meta({ id: 'BindingInfoXml', description: 'BizTalk BindingInfo XML' }),
          contentType: 'application/xml',
        },
        404: 'No such application',
      },
    },
    async ({ params, res }) => {
      const exported = await exportBindings(db, params.app, clock.now());
      res.attachment(`${exported.application}.BindingInfo.xml`);
      res.type('application/xml; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      // pipeline waits for the client to take each piece before the next page is read (backpressure).
      await pipeline(Readable.from(exported.chunks, { objectMode: false }), res);
    },
  );

  defineRoute(
    router,
    {
      method: 'post',
      path: '/api/applications/{app}/bindings',
      summary:
        'Import a BizTalk binding file (the request body, UTF-8 or UTF-16 with a byte-order mark): creates and updates send ports; every certificate goes through the assignment rules',
      description:
        "Run it first with `dryRun=true`: the report's `fingerprint` (also its ETag) stands for what the import would do and the state it was decided on. Send it in `If-Match` with the import to apply exactly that: if a dry run now would report anything else, the answer is 412 with the new report and nothing changes (DESIGN §14). A port's processing servers that lack its certificate are acknowledged with `acknowledgeMissingOnPort`.",
      tags: ['Bindings'],
      access: administrators('Importing bindings'),
      params: ApplicationParamsSchema,
      query: BindingsImportQuerySchema,
      // The file arrives as the body whatever its declared type, and is parsed as it arrives, never held
      // whole: a 50,000-port export is over 100 MB. It may come compressed (gzip, deflate or br).
      body: streamedBody({
        limit: maxBytes,
        tooLarge: `The binding file is larger than ${maxSize}, the most this console imports (BTS_BINDING_FILE_MAX_MB). Split the application's bindings, remove what the console does not import (receive ports, parties), or ask the administrator of the server to raise the limit.`,
      }),
      responses: {
        200: { description: 'Imported (or, with dryRun, what would be)', schema: BindingsImportReportSchema },
        400: 'Not a binding file: malformed-xml (names the line), doctype-not-allowed, xml-too-deep (names the line), unsupported-encoding, not-binding-info, empty or truncated; or malformed-compression',
        404: 'No such application',
        413: 'The file is larger than BTS_BINDING_FILE_MAX_MB (160 MB unless configured), once decompressed',
        412: 'precondition-failed: If-Match named the fingerprint of a dry run, and a dry run now reports something else; nothing was changed, and `report` holds the new dry run',
        415: 'A Content-Encoding other than gzip, deflate or br',
        422: 'bindings-refused: some send ports were refused and nothing was changed; `report` holds the report',
      },
    },
    async ({ params, query, body, actor, req, res }) => {
      const ifMatch = readIfMatch(req);
      const report = await importBindings(db, clock, actor, {
        application: params.app,
        file: body,
        dryRun: query.dryRun,
        partial: query.partial,
        acknowledgeMissingOn: splitServers(query.acknowledgeMissingOn),
        acknowledgeMissingOnPort: query.acknowledgeMissingOnPort ?? [],
        // If-Match: * asks only that the application exists, which the import checks anyway.
        ifReportMatches: ifMatch === undefined || ifMatch.raw.trim() === '*' ? undefined : ifMatch.strong,
        expiringWithinDays: firstWarningDays(config.expiryWarningDays),
      });
      res.setHeader('ETag', report.fingerprint);
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

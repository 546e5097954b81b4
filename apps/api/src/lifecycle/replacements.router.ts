import {
  firstWarningDays,
  ReplacementProblemSchema,
  ReplacementRequestSchema,
  ReplacementResultSchema,
  ScheduledReplacementListQuerySchema,
  ScheduledReplacementListSchema,
  ScheduledReplacementSchema,
  text,
} from '@bts-console/domain';
import { Router } from 'express';
import { z } from 'zod';
import type { AppDependencies } from '../app-dependencies';
import { administrators } from '../auth/guards';
import { defineRoute, jsonBody } from '../http/route';
import {
  applyReplacement,
  cancelReplacement,
  listReplacements,
  previewReplacement,
  scheduleReplacement,
} from './replacements.service';

const REFUSALS = {
  412: {
    description: 'replacement-ports-changed: ports changed since the preview, named in changedPorts',
    schema: ReplacementProblemSchema,
  },
  422: {
    description:
      'replacement-refused (each port’s reason in refusedPorts), certificate-not-in-use, invalid-thumbprint or validation-failed',
    schema: ReplacementProblemSchema,
  },
};

/** Replacing a certificate on every send port that uses it (DESIGN §12): preview, apply, schedule, cancel. */
export function createCertificateReplacementsRouter({ database, clock, config }: AppDependencies): Router {
  const router = Router();
  const db = database.db;

  defineRoute(
    router,
    {
      method: 'post',
      path: '/api/certificate-replacements',
      summary:
        'Replace a certificate on every send port that uses it, all or nothing: dryRun previews, at schedules',
      description:
        'Preview with {from, to, dryRun: true} (add at to preview as of that time); then send the previewed ports with their ETags to apply now, or with at to schedule.',
      tags: ['Certificates'],
      access: administrators('Replacing certificates'),
      // The previewed ports with their ETags: about 50 bytes each, so room for some 40,000 ports.
      body: jsonBody(ReplacementRequestSchema, 2 * 1024 * 1024),
      responses: {
        200: { description: 'The preview, or the replacement applied', schema: ReplacementResultSchema },
        201: { description: 'Scheduled', schema: ScheduledReplacementSchema },
        ...REFUSALS,
      },
    },
    async ({ body: request, actor, res }) => {
      const body = { ...request, expiringWithinDays: firstWarningDays(config.expiryWarningDays) };
      if (body.dryRun) {
        const asOf = body.at === undefined ? clock.now() : new Date(body.at);
        res.json(await previewReplacement(db, body, asOf));
      } else if (body.at !== undefined) {
        const scheduled = await scheduleReplacement(db, clock, actor, { ...body, at: body.at });
        res.status(201).setHeader('Location', `/api/certificate-replacements/${scheduled.id}`);
        res.json(scheduled);
      } else {
        res.json(await applyReplacement(db, clock, actor, body));
      }
    },
  );

  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/certificate-replacements',
      summary: 'Scheduled replacements: the pending ones first, then those done, failed or cancelled',
      tags: ['Certificates'],
      access: administrators('Reading scheduled replacements'),
      query: ScheduledReplacementListQuerySchema,
      responses: { 200: { description: 'A page and the total', schema: ScheduledReplacementListSchema } },
    },
    async ({ query, res }) => {
      res.json(await listReplacements(db, query));
    },
  );

  defineRoute(
    router,
    {
      method: 'delete',
      path: '/api/certificate-replacements/{id}',
      summary: 'Cancel a pending replacement',
      tags: ['Certificates'],
      access: administrators('Cancelling replacements'),
      params: z.object({ id: text().min(1).max(64) }),
      responses: {
        200: { description: 'Cancelled', schema: ScheduledReplacementSchema },
        404: 'No such replacement',
        409: 'replacement-not-pending: it already ran, failed or was cancelled',
      },
    },
    async ({ params, actor, res }) => {
      res.json(await cancelReplacement(db, clock, actor, params.id));
    },
  );
  return router;
}

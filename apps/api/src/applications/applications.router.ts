import {
  createApplication,
  emptyArtifactCounts,
  getApplicationByName,
  listApplications,
  listArtifacts,
  withTransaction,
  type ApplicationWithCounts,
  type Artifact as ArtifactRow,
} from '@bts-console/db';
import {
  APPLICATION_OPERATIONS,
  ApplicationListSchema,
  ApplicationStatusChangeSchema,
  ApplicationSchema,
  ARTIFACT_KINDS,
  ArtifactListSchema,
  CreateApplicationRequestSchema,
  type Application,
  type Artifact,
  type ArtifactKind,
  text,
} from '@bts-console/domain';
import { Router } from 'express';
import { z } from 'zod';
import type { AppDependencies } from '../app-dependencies';
import { recordAudit } from '../audit/audit.service';
import { administrators, operators } from '../auth/guards';
import { ApplicationParamsSchema } from '../http/path-parameters';
import { HttpProblem, notFound } from '../http/problem';
import { defineRoute, jsonBody } from '../http/route';
import { changeApplicationStatus } from './application-status.service';
import { countsByTreeNode, GROUP_LEVEL_KINDS, parseArtifactKind } from './artifact-kinds';

export const ArtifactQuerySchema = z.object({
  kind: text()
    .max(64)
    .optional()
    .refine((value) => value === undefined || parseArtifactKind(value) !== undefined, {
      message: `Unknown kind; use one of ${ARTIFACT_KINDS.join(', ')} (or the tree node name, e.g. Orchestrations)`,
    })
    .describe(
      'An artifact kind (Orchestration) or its tree node name (Orchestrations); all kinds when omitted',
    ),
});

function toApplication(app: ApplicationWithCounts): Application {
  return {
    name: app.name,
    description: app.description === '' ? null : app.description,
    isSystem: app.isSystem,
    counts: countsByTreeNode(app.counts),
  };
}

function toArtifact(row: ArtifactRow): Artifact {
  return {
    kind: row.kind,
    name: row.name,
    application: row.application,
    description: row.description === '' ? null : row.description,
    properties: row.properties,
  };
}

async function artifactsOf(
  deps: AppDependencies,
  kinds: readonly ArtifactKind[],
  applicationName?: string,
): Promise<Artifact[]> {
  const lists = await Promise.all(
    kinds.map((kind) =>
      listArtifacts(deps.database.db, {
        kind,
        ...(applicationName !== undefined ? { applicationName } : {}),
      }),
    ),
  );
  return lists.flat().map(toArtifact);
}

export function createApplicationsRouter(deps: AppDependencies): Router {
  const { database, clock } = deps;
  const router = Router();

  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/applications',
      summary: 'Applications with artifact counts',
      tags: ['Applications'],
      access: 'signed-in',
      responses: { 200: { description: 'Applications by name', schema: ApplicationListSchema } },
    },
    async ({ res }) => {
      const applications = await listApplications(database.db);
      res.json({ items: applications.map(toApplication), total: applications.length });
    },
  );

  defineRoute(
    router,
    {
      method: 'post',
      path: '/api/applications',
      summary: 'Create an application',
      tags: ['Applications'],
      access: administrators('Creating applications'),
      body: jsonBody(CreateApplicationRequestSchema),
      responses: {
        201: { description: 'Created', schema: ApplicationSchema },
        409: 'An application with this name exists',
        422: 'Invalid name or description',
      },
    },
    async ({ body: { name, description }, actor, res }) => {
      const created = await withTransaction(database.db, async (trx) => {
        const existing = await getApplicationByName(trx, name);
        if (existing) {
          throw new HttpProblem({
            status: 409,
            code: 'conflict',
            detail: `An application named '${existing.name}' exists (names ignore case). Choose another name.`,
          });
        }
        const application = await createApplication(trx, {
          name,
          description: description ?? '',
          createdAt: clock.now(),
        });
        await recordAudit(
          trx,
          actor,
          {
            action: 'application.create',
            targetType: 'application',
            target: name,
            after: { name, description: description ?? null },
          },
          clock,
        );
        return application;
      });
      const body: Application = {
        name: created.name,
        description: created.description === '' ? null : created.description,
        isSystem: created.isSystem,
        counts: countsByTreeNode(emptyArtifactCounts()),
      };
      res
        .status(201)
        .location(`/api/applications/${encodeURIComponent(created.name)}`)
        .json(body);
    },
  );

  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/applications/{app}/artifacts',
      summary: 'An application’s read-only artifacts (orchestrations, schemas, maps, …)',
      tags: ['Applications'],
      access: 'signed-in',
      params: ApplicationParamsSchema,
      query: ArtifactQuerySchema,
      responses: {
        200: { description: 'Artifacts by name', schema: ArtifactListSchema },
        404: 'No such application',
        422: 'Unknown kind',
      },
    },
    async ({ params, query: { kind }, res }) => {
      const application = await getApplicationByName(database.db, params.app);
      if (!application) throw notFound('Application', params.app);
      const kinds = kind
        ? [parseArtifactKind(kind)!]
        : ARTIFACT_KINDS.filter((k) => !GROUP_LEVEL_KINDS.includes(k));
      const items = await artifactsOf(deps, kinds, application.name);
      res.json({ items, total: items.length });
    },
  );

  for (const operation of APPLICATION_OPERATIONS) {
    defineRoute(
      router,
      {
        method: 'post',
        path: `/api/applications/{app}/${operation}`,
        summary:
          operation === 'start'
            ? 'Start the application: enlist and start each of its send ports (administrators and operators)'
            : 'Stop the application: stop each of its Started send ports; they stay enlisted (administrators and operators)',
        tags: ['Applications'],
        access: operators(operation === 'start' ? 'Starting applications' : 'Stopping applications'),
        params: ApplicationParamsSchema,
        responses: {
          200: {
            description: 'The ports changed and those already as asked',
            schema: ApplicationStatusChangeSchema,
          },
          404: 'No such application',
          409: 'conflict: another user changed one of its send ports at the same moment; nothing was changed',
        },
      },
      async ({ params, actor, res }) => {
        res.json(
          await changeApplicationStatus(database.db, clock, actor, { application: params.app, operation }),
        );
      },
    );
  }

  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/artifacts',
      summary: 'Group-level artifacts (parties, message boxes, adapters), or every artifact of a kind',
      tags: ['Applications'],
      access: 'signed-in',
      query: ArtifactQuerySchema,
      responses: {
        200: { description: 'Artifacts by name', schema: ArtifactListSchema },
        422: 'Unknown kind',
      },
    },
    async ({ query: { kind }, res }) => {
      const items = await artifactsOf(deps, kind ? [parseArtifactKind(kind)!] : GROUP_LEVEL_KINDS);
      res.json({ items, total: items.length });
    },
  );

  return router;
}

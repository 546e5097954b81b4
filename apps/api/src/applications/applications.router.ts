import {
  createApplication,
  getApplicationByName,
  listApplications,
  listArtifacts,
  withTransaction,
  type ApplicationWithCounts,
  type Artifact as ArtifactRow,
} from '@bts-console/db';
import {
  ApplicationListSchema,
  ApplicationSchema,
  ARTIFACT_KINDS,
  ArtifactListSchema,
  canChangeConfiguration,
  CreateApplicationRequestSchema,
  ProblemDetailsSchema,
  type Application,
  type Artifact,
  type ArtifactKind,
} from '@bts-console/domain';
import { Router } from 'express';
import { z } from 'zod';
import type { AppDependencies } from '../app-dependencies';
import { recordAudit } from '../audit/audit.service';
import { actorOf } from '../auth/actor';
import { requireRole, requireSignedIn } from '../auth/guards';
import { HttpProblem, notFound } from '../http/problem';
import { parseBody, parseParams, parseQuery } from '../http/validate';
import { registerOperation } from '../openapi/registry';
import { countsByTreeNode, GROUP_LEVEL_KINDS, parseArtifactKind } from './artifact-kinds';

const ApplicationParamsSchema = z.object({ app: z.string().min(1).max(256) });

export const ArtifactQuerySchema = z.object({
  kind: z
    .string()
    .max(64)
    .optional()
    .refine((value) => value === undefined || parseArtifactKind(value) !== undefined, {
      message: `Unknown kind; use one of ${ARTIFACT_KINDS.join(', ')} (or the tree node name, e.g. Orchestrations)`,
    })
    .describe(
      'An artifact kind (Orchestration) or its tree node name (Orchestrations); all kinds when omitted',
    ),
});

registerOperation({
  method: 'get',
  path: '/api/applications',
  summary: 'Applications with artifact counts',
  tags: ['Applications'],
  responses: {
    200: { description: 'Applications by name', schema: ApplicationListSchema },
    401: { description: 'Not signed in', schema: ProblemDetailsSchema },
  },
});
registerOperation({
  method: 'post',
  path: '/api/applications',
  summary: 'Create an application',
  tags: ['Applications'],
  body: CreateApplicationRequestSchema,
  responses: {
    201: { description: 'Created', schema: ApplicationSchema },
    401: { description: 'Not signed in', schema: ProblemDetailsSchema },
    403: { description: 'Not an administrator', schema: ProblemDetailsSchema },
    409: { description: 'An application with this name exists', schema: ProblemDetailsSchema },
    422: { description: 'Invalid name or description', schema: ProblemDetailsSchema },
  },
});
registerOperation({
  method: 'get',
  path: '/api/applications/{app}/artifacts',
  summary: 'An application’s read-only artifacts (orchestrations, schemas, maps, …)',
  tags: ['Applications'],
  params: ApplicationParamsSchema,
  query: ArtifactQuerySchema,
  responses: {
    200: { description: 'Artifacts by name', schema: ArtifactListSchema },
    401: { description: 'Not signed in', schema: ProblemDetailsSchema },
    404: { description: 'No such application', schema: ProblemDetailsSchema },
    422: { description: 'Unknown kind', schema: ProblemDetailsSchema },
  },
});
registerOperation({
  method: 'get',
  path: '/api/artifacts',
  summary: 'Group-level artifacts (parties, message boxes, adapters), or every artifact of a kind',
  tags: ['Applications'],
  query: ArtifactQuerySchema,
  responses: {
    200: { description: 'Artifacts by name', schema: ArtifactListSchema },
    401: { description: 'Not signed in', schema: ProblemDetailsSchema },
    422: { description: 'Unknown kind', schema: ProblemDetailsSchema },
  },
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

  router.get('/applications', requireSignedIn, async (_req, res) => {
    const applications = await listApplications(database.db);
    res.json({ items: applications.map(toApplication), total: applications.length });
  });

  router.post(
    '/applications',
    requireRole(canChangeConfiguration, 'Creating applications'),
    async (req, res) => {
      const { name, description } = parseBody(CreateApplicationRequestSchema, req.body);
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
          actorOf(req),
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
        counts: countsByTreeNode({
          sendPorts: 0,
          roleLinks: 0,
          sendPortGroups: 0,
          receivePorts: 0,
          receiveLocations: 0,
          orchestrations: 0,
          policies: 0,
          schemas: 0,
          maps: 0,
          pipelines: 0,
          resources: 0,
        }),
      };
      res
        .status(201)
        .location(`/api/applications/${encodeURIComponent(created.name)}`)
        .json(body);
    },
  );

  router.get('/applications/:app/artifacts', requireSignedIn, async (req, res) => {
    const { app } = parseParams(ApplicationParamsSchema, req.params);
    const { kind } = parseQuery(ArtifactQuerySchema, req.query);
    const application = await getApplicationByName(database.db, app);
    if (!application) throw notFound('Application', app);
    const kinds = kind
      ? [parseArtifactKind(kind)!]
      : ARTIFACT_KINDS.filter((k) => !GROUP_LEVEL_KINDS.includes(k));
    const items = await artifactsOf(deps, kinds, application.name);
    res.json({ items, total: items.length });
  });

  router.get('/artifacts', requireSignedIn, async (req, res) => {
    const { kind } = parseQuery(ArtifactQuerySchema, req.query);
    const items = await artifactsOf(deps, kind ? [parseArtifactKind(kind)!] : GROUP_LEVEL_KINDS);
    res.json({ items, total: items.length });
  });

  return router;
}

import { sql } from 'kysely';
import { fromFlag, toFlag, toIsoTime } from '../columns';
import type { ArtifactKind, Executor } from '../schema';

export interface Application {
  id: number;
  name: string;
  description: string;
  isSystem: boolean;
  createdAt: string;
}

/** How many of each artifact an application holds, as the tree's lists show them. */
export interface ApplicationArtifactCounts {
  sendPorts: number;
  roleLinks: number;
  sendPortGroups: number;
  receivePorts: number;
  receiveLocations: number;
  orchestrations: number;
  policies: number;
  schemas: number;
  maps: number;
  pipelines: number;
  resources: number;
}

export interface ApplicationWithCounts extends Application {
  counts: ApplicationArtifactCounts;
}

/** Artifact kinds listed under an application, with the key they are counted under. */
export const APPLICATION_ARTIFACT_KINDS: Record<
  Exclude<keyof ApplicationArtifactCounts, 'sendPorts'>,
  ArtifactKind
> = {
  roleLinks: 'Role Link',
  sendPortGroups: 'Send Port Group',
  receivePorts: 'Receive Port',
  receiveLocations: 'Receive Location',
  orchestrations: 'Orchestration',
  policies: 'Policy',
  schemas: 'Schema',
  maps: 'Map',
  pipelines: 'Pipeline',
  resources: 'Resource',
};

/** The counts of an application that holds nothing yet. */
export function emptyArtifactCounts(): ApplicationArtifactCounts {
  return {
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
  };
}

const COUNT_KEY_BY_KIND = new Map<string, keyof ApplicationArtifactCounts>(
  Object.entries(APPLICATION_ARTIFACT_KINDS).map(([key, kind]) => [
    kind,
    key as keyof ApplicationArtifactCounts,
  ]),
);

/** Applications ordered as BizTalk lists them (by name), each with its artifact counts. */
export async function listApplications(db: Executor): Promise<ApplicationWithCounts[]> {
  const [applications, portCounts, artifactCounts] = await Promise.all([
    db.selectFrom('applications').selectAll().orderBy('name').execute(),
    db
      .selectFrom('sendPorts')
      .select(['applicationId', sql<number>`cast(count(*) as integer)`.as('count')])
      .groupBy('applicationId')
      .execute(),
    db
      .selectFrom('artifacts')
      .select(['applicationId', 'kind', sql<number>`cast(count(*) as integer)`.as('count')])
      .where('applicationId', 'is not', null)
      .groupBy(['applicationId', 'kind'])
      .execute(),
  ]);
  const counts = new Map<number, ApplicationArtifactCounts>(
    applications.map((app) => [app.id, emptyArtifactCounts()]),
  );
  for (const row of portCounts) {
    const entry = counts.get(row.applicationId);
    if (entry) entry.sendPorts = Number(row.count);
  }
  for (const row of artifactCounts) {
    const key = COUNT_KEY_BY_KIND.get(row.kind);
    const entry = row.applicationId === null ? undefined : counts.get(row.applicationId);
    if (entry && key) entry[key] = Number(row.count);
  }
  return applications.map((app) => ({
    ...toApplication(app),
    counts: counts.get(app.id) ?? emptyArtifactCounts(),
  }));
}

/** An application by name, case-insensitively; null when there is none. */
export async function getApplicationByName(db: Executor, name: string): Promise<Application | null> {
  const row = await db
    .selectFrom('applications')
    .selectAll()
    .where(sql`lower(name)`, '=', sql`lower(${name})`)
    .executeTakeFirst();
  return row ? toApplication(row) : null;
}

export async function createApplication(
  db: Executor,
  application: { name: string; description?: string; isSystem?: boolean; createdAt: Date },
): Promise<Application> {
  const row = await db
    .insertInto('applications')
    .values({
      name: application.name,
      description: application.description ?? '',
      isSystem: toFlag(application.isSystem ?? false),
      createdAt: toIsoTime(application.createdAt),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toApplication(row);
}

function toApplication(row: {
  id: number;
  name: string;
  description: string;
  isSystem: number;
  createdAt: string;
}): Application {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    isSystem: fromFlag(row.isSystem),
    createdAt: row.createdAt,
  };
}

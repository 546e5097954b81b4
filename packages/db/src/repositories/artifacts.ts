import { sql } from 'kysely';
import { parseJsonText, toJsonText } from '../columns';
import type { ArtifactKind, Executor } from '../schema';

export interface Artifact {
  id: number;
  kind: ArtifactKind;
  name: string;
  description: string;
  /** Application name, or null for group-level artifacts (parties, message boxes, adapters). */
  application: string | null;
  properties: Record<string, unknown>;
}

/**
 * The read-only list of one tree node: an application's artifacts of a kind, or the group-level
 * ones (parties, message boxes, adapters) when no application is named.
 */
export async function listArtifacts(
  db: Executor,
  filter: { kind: ArtifactKind; applicationName?: string },
): Promise<Artifact[]> {
  let query = db
    .selectFrom('artifacts')
    .leftJoin('applications', 'applications.id', 'artifacts.applicationId')
    .select([
      'artifacts.id',
      'artifacts.kind',
      'artifacts.name',
      'artifacts.description',
      'artifacts.properties',
      'applications.name as application',
    ])
    .where('artifacts.kind', '=', filter.kind);
  if (filter.applicationName !== undefined) {
    query = query.where(sql`lower(applications.name)`, '=', sql`lower(${filter.applicationName})`);
  }
  const rows = await query.orderBy('artifacts.name').execute();
  return rows.map((row) => ({
    ...row,
    properties: parseJsonText<Record<string, unknown>>(row.properties),
  }));
}

export async function createArtifact(
  db: Executor,
  artifact: {
    kind: ArtifactKind;
    name: string;
    applicationId: number | null;
    description?: string;
    properties?: Record<string, unknown>;
  },
): Promise<number> {
  const row = await db
    .insertInto('artifacts')
    .values({
      kind: artifact.kind,
      name: artifact.name,
      applicationId: artifact.applicationId,
      description: artifact.description ?? '',
      properties: toJsonText(artifact.properties ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

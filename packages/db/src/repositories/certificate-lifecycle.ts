import { sql } from 'kysely';
import { inChunks } from '../chunks';
import { parseJsonText, toCount, toFlag, toIsoTime, toJsonText } from '../columns';
import type { CertificateReplacementsTable, Executor } from '../schema';

/** A send port that references a certificate, with what the lifecycle reads decide with. */
export interface PortReferencingCertificate {
  id: number;
  name: string;
  application: string;
  version: number;
  sendHandlerHostId: number | null;
  thumbprint: string;
  /** The common name the port was given, kept when no store holds the certificate any more. */
  commonName: string | null;
}

function selectPortsReferencing(db: Executor) {
  return db
    .selectFrom('sendPorts')
    .innerJoin('applications', 'applications.id', 'sendPorts.applicationId')
    .select([
      'sendPorts.id',
      'sendPorts.name',
      'applications.name as application',
      'sendPorts.version',
      'sendPorts.sendHandlerHostId',
      'sendPorts.certificateThumbprint as thumbprint',
      'sendPorts.certificateCommonName as commonName',
    ])
    .$narrowType<{ thumbprint: string }>()
    .orderBy('sendPorts.name');
}

/** Every send port that has an encryption certificate, by name (Certificates → In Use). */
export async function listPortsReferencingCertificates(db: Executor): Promise<PortReferencingCertificate[]> {
  return selectPortsReferencing(db).where('sendPorts.certificateThumbprint', 'is not', null).execute();
}

/** The send ports whose encryption certificate is this one, by name. */
export async function listPortsUsingCertificate(
  db: Executor,
  thumbprint: string,
): Promise<PortReferencingCertificate[]> {
  return selectPortsReferencing(db)
    .where('sendPorts.certificateThumbprint', '=', thumbprint.toUpperCase())
    .execute();
}

/** The versions of send ports by name (lower case), for naming what changed since a preview. */
export async function getSendPortVersions(
  db: Executor,
  names: readonly string[],
): Promise<Map<string, number>> {
  const versions = new Map<string, number>();
  for (const chunk of inChunks([...new Set(names.map((name) => name.toLowerCase()))])) {
    const rows = await db
      .selectFrom('sendPorts')
      .select(['name', 'version'])
      .where(sql<string>`lower(name)`, 'in', chunk)
      .execute();
    for (const row of rows) versions.set(row.name.toLowerCase(), row.version);
  }
  return versions;
}

/**
 * Moves the given ports from one certificate to another in one statement per chunk, bumping each
 * version, but only the ports still on `from`. Returns each changed port's new version by id: a port
 * that another request changed between our read and this UPDATE comes back with another version
 * than read + 1, or not at all, and the caller rolls the whole replacement back.
 */
export async function replaceSendPortsCertificate(
  db: Executor,
  change: {
    ids: readonly number[];
    from: string;
    to: { thumbprint: string; commonName: string | null };
    changedBy: string;
    changedAt: Date;
  },
): Promise<Map<number, number>> {
  const versions = new Map<number, number>();
  for (const chunk of inChunks(change.ids)) {
    const rows = await db
      .updateTable('sendPorts')
      .set({
        certificateThumbprint: change.to.thumbprint,
        certificateCommonName: change.to.commonName,
        version: sql<number>`version + 1`,
        changedBy: change.changedBy,
        changedAt: toIsoTime(change.changedAt),
      })
      .where('id', 'in', chunk)
      .where('certificateThumbprint', '=', change.from)
      .returning(['id', 'version'])
      .execute();
    for (const row of rows) versions.set(row.id, row.version);
  }
  return versions;
}

export type ReplacementRowStatus = CertificateReplacementsTable['status'];

/** A replacement scheduled for a time, as stored. */
export interface StoredReplacement {
  id: string;
  fromThumbprint: string;
  toThumbprint: string;
  at: string;
  status: ReplacementRowStatus;
  ports: { name: string; etag: string }[];
  /** Only the listed ports switch; the others on the old certificate keep it. */
  onlyListedPorts: boolean;
  acknowledgeMissingOn: Record<string, string[]>;
  acknowledgeNotYetValid: boolean;
  reason: string | null;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  cancelledBy: string | null;
  batchId: string | null;
  failure: ReplacementFailure | null;
}

export interface ReplacementFailure {
  code: string;
  message: string;
  ports?: { name: string; code: string; message: string; servers?: string[]; notBefore?: string }[];
}

function toStoredReplacement(row: CertificateReplacementsTable): StoredReplacement {
  return {
    ...row,
    ports: parseJsonText(row.ports),
    acknowledgeMissingOn: parseJsonText(row.acknowledgeMissingOn),
    acknowledgeNotYetValid: row.acknowledgeNotYetValid === 1,
    onlyListedPorts: Number(row.onlyListedPorts) === 1,
    failure: row.failure === null ? null : parseJsonText(row.failure),
  };
}

export async function insertScheduledReplacement(
  db: Executor,
  replacement: Omit<StoredReplacement, 'status' | 'finishedAt' | 'cancelledBy' | 'batchId' | 'failure'>,
): Promise<StoredReplacement> {
  const row: CertificateReplacementsTable = {
    ...replacement,
    status: 'pending',
    ports: toJsonText(replacement.ports),
    acknowledgeMissingOn: toJsonText(replacement.acknowledgeMissingOn),
    acknowledgeNotYetValid: toFlag(replacement.acknowledgeNotYetValid),
    onlyListedPorts: toFlag(replacement.onlyListedPorts),
    finishedAt: null,
    cancelledBy: null,
    batchId: null,
    failure: null,
  };
  await db.insertInto('certificateReplacements').values(row).execute();
  return toStoredReplacement(row);
}

export async function getScheduledReplacement(db: Executor, id: string): Promise<StoredReplacement | null> {
  const row = await db
    .selectFrom('certificateReplacements')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toStoredReplacement(row) : null;
}

/** Scheduled replacements, the next to run first, then the latest finished; a page and the total. */
export async function listScheduledReplacements(
  db: Executor,
  filter: { statuses?: readonly ReplacementRowStatus[]; limit: number; offset: number },
): Promise<{ items: StoredReplacement[]; total: number }> {
  let query = db.selectFrom('certificateReplacements');
  if (filter.statuses && filter.statuses.length > 0) query = query.where('status', 'in', filter.statuses);
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy(sql`case when status = 'pending' then 0 else 1 end`)
      .orderBy('at', 'desc')
      .orderBy('id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll().as('total')).executeTakeFirst(),
  ]);
  return { items: rows.map(toStoredReplacement), total: toCount(count?.total) };
}

/** The ids of pending replacements due at `now`, earliest first. */
export async function listDueReplacementIds(db: Executor, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('certificateReplacements')
    .select('id')
    .where('status', '=', 'pending')
    .where('at', '<=', toIsoTime(now))
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Moves a replacement out of `pending` with one conditional UPDATE; null when it is no longer pending.
 * Of several processes (or requests) that try at once, exactly one gets the row back: this is what
 * makes a scheduled replacement run once, and a cancel race with it safely.
 */
export async function finishPendingReplacement(
  db: Executor,
  id: string,
  outcome: {
    status: Exclude<ReplacementRowStatus, 'pending'>;
    finishedAt: Date;
    cancelledBy?: string;
    batchId?: string;
    failure?: ReplacementFailure;
  },
): Promise<StoredReplacement | null> {
  const row = await db
    .updateTable('certificateReplacements')
    .set({
      status: outcome.status,
      finishedAt: toIsoTime(outcome.finishedAt),
      cancelledBy: outcome.cancelledBy ?? null,
      batchId: outcome.batchId ?? null,
      failure: outcome.failure ? toJsonText(outcome.failure) : null,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
  return row ? toStoredReplacement(row) : null;
}

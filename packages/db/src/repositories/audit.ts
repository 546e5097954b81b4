import { createHash } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import { parseNullableJsonText, toCount, toIsoTime, toNullableJsonText } from '../columns';
import { takeAdvisoryLock } from '../advisory-lock';
import { inChunks } from '../chunks';
import type { AuditEntriesTable, Executor } from '../schema';
import { withTransaction } from '../transaction';

/** prev_hash of the first entry. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

export interface NewAuditEntry {
  at: Date;
  username: string;
  clientAddress: string;
  action: string;
  targetType: string;
  target: string;
  before?: unknown;
  after?: unknown;
  /** One id per user action, shared by all the entries that action wrote. */
  batchId: string;
  reason?: string | null;
}

export interface AuditEntry {
  seq: number;
  at: string;
  username: string;
  clientAddress: string;
  action: string;
  targetType: string;
  target: string;
  before: unknown;
  after: unknown;
  batchId: string;
  reason: string | null;
  prevHash: string;
  hash: string;
}

type AuditContent = Omit<AuditEntry, 'prevHash' | 'hash'>;

/** JSON with object keys sorted at every depth, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** sha256(prev_hash + canonical JSON of the entry's content), hex. */
export function auditEntryHash(prevHash: string, content: AuditContent): string {
  const canonical = canonicalJson({
    seq: content.seq,
    at: content.at,
    username: content.username,
    clientAddress: content.clientAddress,
    action: content.action,
    targetType: content.targetType,
    target: content.target,
    before: content.before,
    after: content.after,
    batchId: content.batchId,
    reason: content.reason,
  });
  return createHash('sha256')
    .update(prevHash + canonical)
    .digest('hex');
}

/** An entry as it is hashed and returned, and the row that stores it. */
function chainedAfter(previous: Pick<AuditEntry, 'seq' | 'hash'> | undefined, entry: NewAuditEntry) {
  // The JSON round trip makes what is hashed now exactly what verify will read back.
  const beforeText = toNullableJsonText(entry.before);
  const afterText = toNullableJsonText(entry.after);
  const content: AuditContent = {
    seq: (previous ? Number(previous.seq) : 0) + 1,
    at: toIsoTime(entry.at),
    username: entry.username,
    clientAddress: entry.clientAddress,
    action: entry.action,
    targetType: entry.targetType,
    target: entry.target,
    before: parseNullableJsonText(beforeText),
    after: parseNullableJsonText(afterText),
    batchId: entry.batchId,
    reason: entry.reason ?? null,
  };
  const prevHash = previous?.hash ?? AUDIT_GENESIS_HASH;
  const appended: AuditEntry = { ...content, prevHash, hash: auditEntryHash(prevHash, content) };
  return { appended, row: { ...appended, before: beforeText, after: afterText } };
}

/**
 * Appends entries to the hash chain in order, inside the caller's transaction (one is opened if
 * needed) so that the audited change and its entries commit together. Appenders are serialised: on
 * PostgreSQL by a transaction-scoped advisory lock taken before the last hash is read; SQLite has a
 * single writer. Many entries (a binding import's thousand ports) go in many rows per statement.
 */
export async function appendAuditEntries(
  db: Executor,
  entries: readonly NewAuditEntry[],
): Promise<AuditEntry[]> {
  if (entries.length === 0) return [];
  return withTransaction(db, async (trx) => {
    await takeAdvisoryLock(trx, 'audit');
    let previous = await trx
      .selectFrom('auditEntries')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const appended: AuditEntry[] = [];
    for (const chunk of inChunks(entries)) {
      const rows = chunk.map((entry) => {
        const chained = chainedAfter(previous, entry);
        appended.push(chained.appended);
        previous = chained.appended;
        return chained.row;
      });
      await trx.insertInto('auditEntries').values(rows).execute();
    }
    return appended;
  });
}

/** Appends one entry to the hash chain; see appendAuditEntries. */
export async function appendAuditEntry(db: Executor, entry: NewAuditEntry): Promise<AuditEntry> {
  const [appended] = await appendAuditEntries(db, [entry]);
  return appended!;
}

export interface AuditFilter {
  /** Exact target name, any case (a send port, a computer, a thumbprint). */
  target?: string;
  targetType?: string;
  /** User name, any case. */
  user?: string;
  action?: string;
  batchId?: string;
  /** Entries at or after this time. */
  since?: Date;
  /** Entries before this time. */
  until?: Date;
  limit?: number;
  offset?: number;
}

type AuditRow = Selectable<AuditEntriesTable>;

function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    ...row,
    seq: Number(row.seq),
    before: parseNullableJsonText(row.before),
    after: parseNullableJsonText(row.after),
  };
}

/** Audit entries, newest first, with the total that match the filter. */
export async function listAuditEntries(
  db: Executor,
  filter: AuditFilter = {},
): Promise<{ items: AuditEntry[]; total: number }> {
  let query = db.selectFrom('auditEntries');
  if (filter.target !== undefined) query = query.where(sql`lower(target)`, '=', sql`lower(${filter.target})`);
  if (filter.targetType !== undefined) query = query.where('targetType', '=', filter.targetType);
  if (filter.user !== undefined) query = query.where(sql`lower(username)`, '=', sql`lower(${filter.user})`);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  if (filter.batchId !== undefined) query = query.where('batchId', '=', filter.batchId);
  if (filter.since !== undefined) query = query.where('at', '>=', toIsoTime(filter.since));
  if (filter.until !== undefined) query = query.where('at', '<', toIsoTime(filter.until));
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(filter.limit ?? 100)
      .offset(filter.offset ?? 0)
      .execute(),
    query.select(sql<number>`cast(count(*) as integer)`.as('total')).executeTakeFirst(),
  ]);
  return { items: rows.map(toAuditEntry), total: toCount(count?.total) };
}

export type AuditChainVerdict =
  | {
      ok: true;
      entries: number;
      /**
       * The newest entry (absent for an empty log). Deleting the newest entries leaves a valid
       * shorter chain, so a head recorded elsewhere is what reveals it.
       */
      head?: { seq: number; hash: string };
    }
  | { ok: false; brokenAt: number; reason: string };

const VERIFY_PAGE = 500;

/** Walks the whole chain in order and names the first entry whose hash, link or sequence is wrong. */
export async function verifyAuditChain(db: Executor): Promise<AuditChainVerdict> {
  let prevHash = AUDIT_GENESIS_HASH;
  let expectedSeq = 1;
  for (;;) {
    const rows = await db
      .selectFrom('auditEntries')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(VERIFY_PAGE)
      .execute();
    for (const row of rows) {
      const entry = toAuditEntry(row);
      if (entry.seq !== expectedSeq) {
        return {
          ok: false,
          brokenAt: expectedSeq,
          reason: `Entry ${expectedSeq} is missing: the chain goes from ${expectedSeq - 1} to ${entry.seq}.`,
        };
      }
      if (entry.prevHash !== prevHash) {
        return {
          ok: false,
          brokenAt: entry.seq,
          reason: `Entry ${entry.seq} does not link to entry ${entry.seq - 1}: its previous hash differs.`,
        };
      }
      const { prevHash: _p, hash: _h, ...content } = entry;
      if (auditEntryHash(prevHash, content) !== entry.hash) {
        return {
          ok: false,
          brokenAt: entry.seq,
          reason: `Entry ${entry.seq} was changed after it was written: its content no longer matches its hash.`,
        };
      }
      prevHash = entry.hash;
      expectedSeq += 1;
    }
    if (rows.length < VERIFY_PAGE) {
      const entries = expectedSeq - 1;
      return entries === 0
        ? { ok: true, entries }
        : { ok: true, entries, head: { seq: entries, hash: prevHash } };
    }
  }
}

import { createHash } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import { parseNullableJsonText, toCount, toIsoTime, toNullableJsonText } from '../columns';
import { takeAdvisoryLock } from '../advisory-lock';
import { inChunks } from '../chunks';
import type { AuditEntriesTable, Executor } from '../schema';
import { withTransaction } from '../transaction';
import { dialectOf } from '../dialect';
import { RELAXED_COMMIT, SENT_WITH_COMMIT } from '../postgres-driver';
import { AUDIT_APPEND_FUNCTION } from '../migrations/008-change-notifications';

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

/**
 * What a database keeps of a string: a lone surrogate cannot be encoded as UTF-8, so both databases
 * store U+FFFD in its place, and PostgreSQL cannot store U+0000 at all. The edge refuses both; this
 * holds for text that arrives another way (a certificate's subject, a binding file).
 */
// eslint-disable-next-line no-control-regex -- U+0000 is one of them
const UNSTORABLE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/g;
const storable = (text: string) => text.replace(UNSTORABLE, '\uFFFD');

/** A JSON value with every string, keys included, made storable. */
function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return storable(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(storableJson);
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, field]) => [
      storable(key),
      storableJson(field),
    ]),
  );
}

/** JSON with object keys sorted at every depth, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * The content of an entry exactly as the database stores and returns it: storable strings, and
 * `before`/`after` as their JSON text reads back. Writing and verifying both hash this, so a
 * value the database changes on the way in cannot make a true entry look altered.
 */
export function auditContentOf(content: AuditContent): AuditContent {
  return {
    seq: Number(content.seq),
    at: storable(content.at),
    username: storable(content.username),
    clientAddress: storable(content.clientAddress),
    action: storable(content.action),
    targetType: storable(content.targetType),
    target: storable(content.target),
    before: parseNullableJsonText(toNullableJsonText(storableJson(content.before))),
    after: parseNullableJsonText(toNullableJsonText(storableJson(content.after))),
    batchId: storable(content.batchId),
    reason: content.reason === null ? null : storable(content.reason),
  };
}

/** sha256(prev_hash + canonical JSON of the entry's content as stored), hex. */
export function auditEntryHash(prevHash: string, content: AuditContent): string {
  return createHash('sha256')
    .update(prevHash + canonicalAuditText(content))
    .digest('hex');
}

/** The canonical JSON of an entry's content as stored: what its hash covers after the previous hash. */
function canonicalAuditText(content: AuditContent): string {
  return canonicalStoredText(auditContentOf(content));
}

/** canonicalAuditText of content already as stored (auditContentOf's answer). */
function canonicalStoredText(stored: AuditContent): string {
  return canonicalJson({
    seq: stored.seq,
    at: stored.at,
    username: stored.username,
    clientAddress: stored.clientAddress,
    action: stored.action,
    targetType: stored.targetType,
    target: stored.target,
    before: stored.before,
    after: stored.after,
    batchId: stored.batchId,
    reason: stored.reason,
  });
}

/** An entry as it is hashed and returned, and the row that stores it. */
function chainedAfter(previous: Pick<AuditEntry, 'seq' | 'hash'> | undefined, entry: NewAuditEntry) {
  const content = auditContentOf({
    seq: (previous ? Number(previous.seq) : 0) + 1,
    at: toIsoTime(entry.at),
    username: entry.username,
    clientAddress: entry.clientAddress,
    action: entry.action,
    targetType: entry.targetType,
    target: entry.target,
    before: entry.before ?? null,
    after: entry.after ?? null,
    batchId: entry.batchId,
    reason: entry.reason ?? null,
  });
  const prevHash = previous?.hash ?? AUDIT_GENESIS_HASH;
  // `content` is as stored already: hashed without being made storable a second time.
  const hash = createHash('sha256')
    .update(prevHash + canonicalStoredText(content))
    .digest('hex');
  const appended: AuditEntry = { ...content, prevHash, hash };
  return {
    appended,
    row: {
      ...appended,
      before: toNullableJsonText(content.before),
      after: toNullableJsonText(content.after),
    },
  };
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

/**
 * Appends one entry to the hash chain; see appendAuditEntries. On PostgreSQL in one statement
 * (migration 008's function): the lock, the read of the previous entry and the insert happen in the
 * database, which computes the hash from the canonical text prepared here around the sequence number.
 */
export async function appendAuditEntry(db: Executor, entry: NewAuditEntry): Promise<AuditEntry> {
  if (dialectOf(db) !== 'postgres') {
    const [appended] = await appendAuditEntries(db, [entry]);
    return appended!;
  }
  const { first, call } = appendCall(entry, '');
  return withTransaction(db, async (trx) => {
    const { rows } = await call.execute(trx);
    const written = rows[0]!;
    return {
      ...first,
      seq: Number(written.entrySeq),
      prevHash: written.entryPrevHash,
      hash: written.entryHash,
    };
  });
}

/**
 * Appends one entry to the hash chain as the last act of the caller's transaction (one is opened if
 * needed): on PostgreSQL the append is sent together with COMMIT (SENT_WITH_COMMIT), so the chain's
 * lock is held for the append's own work and the commit only, with no round trip to this process in
 * between (ADR 021); if the transaction rolls back, nothing is appended. The COMMIT does not wait for
 * the disk while the lock is held: the driver waits for it after, before the transaction counts as
 * committed (RELAXED_COMMIT, ADR 027). On SQLite, at once.
 */
export async function appendAuditEntryAtCommit(db: Executor, entry: NewAuditEntry): Promise<void> {
  if (dialectOf(db) !== 'postgres') {
    await appendAuditEntries(db, [entry]);
    return;
  }
  const { call } = appendCall(entry, SENT_WITH_COMMIT, RELAXED_COMMIT);
  await withTransaction(db, async (trx) => {
    await call.execute(trx);
  });
}

/**
 * The call of migration 008's append function for one entry, its SQL text starting with `prefix`, and
 * `alsoSelected` evaluated with it when given.
 */
function appendCall(entry: NewAuditEntry, prefix: string, alsoSelected?: string) {
  // Two canonical texts that differ only in the sequence number (1 and 2, one digit each) give the
  // text before it and the text after it, whatever before/after contain.
  const { appended: first, row } = chainedAfter(undefined, entry);
  const one = canonicalAuditText(first);
  const two = canonicalAuditText({ ...first, seq: 2 });
  let at = 0;
  while (one[at] === two[at]) at += 1;
  const call = sql<{ entrySeq: number; entryPrevHash: string; entryHash: string }>`${sql.raw(prefix)}select
    entry_seq, entry_prev_hash, entry_hash, advisory_lock_waited_ms${sql.raw(alsoSelected ? `, ${alsoSelected}` : '')}
    from ${sql.raw(AUDIT_APPEND_FUNCTION)}(
      ${row.at}, ${row.username}, ${row.clientAddress}, ${row.action}, ${row.targetType}, ${row.target},
      ${row.before}, ${row.after}, ${row.batchId}, ${row.reason}, ${one.slice(0, at)}, ${one.slice(at + 1)},
      ${AUDIT_GENESIS_HASH})`;
  return { first, call };
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

/** One entry that does not hold: missing, unlinked, or changed after it was written. */
export interface AuditBreak {
  seq: number;
  reason: string;
}

/** How many breaks a verdict lists; `brokenCount` counts them all. */
export const LISTED_BREAKS = 100;

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
  | {
      ok: false;
      entries: number;
      /** The first break, and why. */
      brokenAt: number;
      reason: string;
      brokenCount: number;
      /** The first LISTED_BREAKS breaks, in order. */
      broken: AuditBreak[];
    };

const VERIFY_PAGE = 500;

/**
 * Walks the whole chain in order and names every entry whose hash, link or sequence is wrong. After a
 * break it goes on from the entry as stored, so one altered entry does not hide a later one.
 */
export async function verifyAuditChain(db: Executor): Promise<AuditChainVerdict> {
  let prevHash = AUDIT_GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  let brokenCount = 0;
  const broken: AuditBreak[] = [];
  const breaks = (seq: number, reason: string) => {
    brokenCount += 1;
    if (broken.length < LISTED_BREAKS) broken.push({ seq, reason });
  };
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
      entries += 1;
      if (entry.seq !== expectedSeq) {
        breaks(
          expectedSeq,
          `Entry ${expectedSeq} is missing: the chain goes from ${expectedSeq - 1} to ${entry.seq}.`,
        );
      } else if (entry.prevHash !== prevHash) {
        breaks(
          entry.seq,
          `Entry ${entry.seq} does not link to entry ${entry.seq - 1}: its previous hash differs.`,
        );
      }
      const { prevHash: linkedTo, hash: _h, ...content } = entry;
      if (auditEntryHash(linkedTo, content) !== entry.hash) {
        breaks(
          entry.seq,
          `Entry ${entry.seq} was changed after it was written: its content no longer matches its hash.`,
        );
      }
      prevHash = entry.hash;
      expectedSeq = entry.seq + 1;
    }
    if (rows.length < VERIFY_PAGE) {
      const first = broken[0];
      if (first)
        return { ok: false, entries, brokenAt: first.seq, reason: first.reason, brokenCount, broken };
      return entries === 0
        ? { ok: true, entries }
        : { ok: true, entries, head: { seq: expectedSeq - 1, hash: prevHash } };
    }
  }
}

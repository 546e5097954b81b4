import {
  appendAuditEntries,
  computersHaving,
  finishPendingReplacement,
  getCertificates,
  getProcessingServersOfSendHandler,
  getScheduledReplacement,
  getSendPortVersions,
  insertScheduledReplacement,
  listPortsUsingCertificate,
  listScheduledReplacements,
  replaceSendPortsCertificate,
  withTransaction,
  type Executor,
  type PortReferencingCertificate,
  type ReplacementFailure,
  type StoredReplacement,
} from '@bts-console/db';
import {
  decideCertificateReplacement,
  formatThumbprintDisplay,
  listInWords,
  normalizeThumbprint,
  portsChangedSincePreview,
  portsEtag,
  sendPortEtag,
  type ChangedPort,
  type Clock,
  type PreviewedPort,
  type ReplacementCertificate,
  type ReplacementPort,
  type ReplacementResult,
  type ScheduledReplacement,
  type ScheduledReplacementList,
  type ScheduledReplacementListQuery,
} from '@bts-console/domain';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor';
import { HttpProblem } from '../http/problem';
import { certificateAssigned } from '../send-ports/certificate-assignment.service';

/** A replacement as asked: thumbprints as typed, the previewed ports, the acknowledgements. */
export interface ReplacementCommand {
  from: string;
  to: string;
  ports?: readonly PreviewedPort[];
  /** Only the listed ports switch; the other ports on `from` keep it. */
  onlyListedPorts?: boolean;
  acknowledgeMissingOn?: Readonly<Record<string, readonly string[]>>;
  acknowledgeNotYetValid?: boolean;
  reason?: string;
  /** The first threshold of BTS_EXPIRY_WARNING_DAYS: within it the successor comes with a warning. */
  expiringWithinDays: number;
}

interface ReadReplacement {
  from: ReplacementCertificate;
  to: ReplacementCertificate;
  ports: PortReferencingCertificate[];
  decision: ReturnType<typeof decideCertificateReplacement>;
}

function thumbprintOf(field: 'from' | 'to', input: string): string {
  const normalized = normalizeThumbprint(input);
  if (normalized.ok) return normalized.thumbprint;
  throw new HttpProblem({
    status: 422,
    code: 'invalid-thumbprint',
    detail: `The thumbprint of ${field === 'from' ? 'the certificate to replace' : 'the successor'} is not valid: ${normalized.error.message}.`,
    errors: [{ path: field, code: normalized.error.code, message: normalized.error.message }],
  });
}

/**
 * Reads what a replacement decides with — the ports on `from`, their processing servers, the successor
 * and the stores that hold it — and decides every port by DESIGN §3 as of `asOf`.
 */
async function readReplacement(
  db: Executor,
  command: ReplacementCommand,
  asOf: Date,
): Promise<ReadReplacement> {
  const from = thumbprintOf('from', command.from);
  const to = thumbprintOf('to', command.to);
  if (from === to) {
    throw new HttpProblem({
      status: 422,
      code: 'validation-failed',
      detail: 'The successor is the certificate it would replace; pick the partner’s renewed certificate.',
      errors: [
        {
          path: 'to',
          code: 'same-certificate',
          message: 'The successor must differ from the certificate it replaces.',
        },
      ],
    });
  }
  const [using, certificates, holders] = await Promise.all([
    listPortsUsingCertificate(db, from),
    getCertificates(db, [from, to]),
    computersHaving(db, to),
  ]);
  const ports = command.onlyListedPorts ? onlyListed(using, listedPorts(command)) : using;
  const handlers = [...new Set(ports.map((port) => port.sendHandlerHostId))];
  const servers = await Promise.all(handlers.map((id) => getProcessingServersOfSendHandler(db, id)));
  const serversOf = new Map(handlers.map((id, index) => [id, servers[index]!.map((server) => server.name)]));
  const successor = certificates.get(to) ?? null;
  const decision = decideCertificateReplacement({
    successorThumbprint: to,
    successor,
    holders,
    ports: ports.map((port) => ({
      name: port.name,
      application: port.application,
      etag: sendPortEtag(port.version),
      processingServers: serversOf.get(port.sendHandlerHostId) ?? [],
    })),
    acknowledge: {
      missingOn: command.acknowledgeMissingOn,
      notYetValid: command.acknowledgeNotYetValid,
    },
    now: asOf,
    expiringWithinDays: command.expiringWithinDays,
  });
  const describe = (thumbprint: string, fallbackName: string | null): ReplacementCertificate => {
    const certificate = certificates.get(thumbprint);
    return {
      thumbprint,
      commonName: certificate?.subjectCommonName ?? fallbackName,
      notBefore: certificate?.notBefore ?? null,
      notAfter: certificate?.notAfter ?? null,
    };
  };
  return {
    from: describe(from, using[0]?.commonName ?? null),
    to: describe(to, null),
    ports,
    decision,
  };
}

/** The ports a request restricted to its listed ones names; 422 when it lists none. */
function listedPorts(command: ReplacementCommand): readonly PreviewedPort[] {
  return portsOr422(
    command,
    'onlyListedPorts switches only the listed ports, and ports lists none: name the send ports to switch.',
    'Name at least one send port with its ETag.',
  );
}

/** The request's ports; 422 naming `ports` when it sends none. */
function portsOr422(command: ReplacementCommand, detail: string, message: string): readonly PreviewedPort[] {
  if (command.ports && command.ports.length > 0) return command.ports;
  throw new HttpProblem({
    status: 422,
    code: 'validation-failed',
    detail,
    errors: [{ path: 'ports', code: 'required', message }],
  });
}

/** Of the ports on the old certificate, those listed (by name, any case). */
function onlyListed(
  using: readonly PortReferencingCertificate[],
  listed: readonly PreviewedPort[],
): PortReferencingCertificate[] {
  const names = new Set(listed.map((port) => port.name.toLowerCase()));
  return using.filter((port) => names.has(port.name.toLowerCase()));
}

function resultOf(read: ReadReplacement, dryRun: boolean): ReplacementResult {
  return {
    from: read.from,
    to: read.to,
    dryRun,
    applied: false,
    batchId: null,
    ports: read.decision.ports,
    portsEtag: portsEtag(read.decision.ports),
  };
}

/** `dryRun`: what replacing would do now, or at `at` when given; changes nothing. */
export async function previewReplacement(
  db: Executor,
  command: ReplacementCommand,
  asOf: Date,
): Promise<ReplacementResult> {
  const read = await readReplacement(db, command, asOf);
  if (read.ports.length === 0) throw notInUse(read.from, command.onlyListedPorts === true);
  return resultOf(read, true);
}

function notInUse(from: ReplacementCertificate, onlyListedPorts: boolean): HttpProblem {
  return new HttpProblem({
    status: 422,
    code: 'certificate-not-in-use',
    detail: `No ${onlyListedPorts ? 'listed ' : ''}send port uses the certificate ${from.commonName ? `'${from.commonName}' ` : ''}with thumbprint ${formatThumbprintDisplay(from.thumbprint)}: there is nothing to replace.`,
    extra: { thumbprint: from.thumbprint },
  });
}

function requirePreviewedPorts(command: ReplacementCommand): readonly PreviewedPort[] {
  return portsOr422(
    command,
    'Send the ports of the preview with their ETags (ports: [{name, etag}]): preview first with dryRun: true, so that nothing changes that you have not seen.',
    'The previewed ports with their ETags are required.',
  );
}

/** 412 when the ports on `from` are not exactly the previewed ones at their previewed ETags. */
async function checkPreview(db: Executor, previewed: readonly PreviewedPort[], read: ReadReplacement) {
  const current = read.ports.map((port) => ({ name: port.name, etag: sendPortEtag(port.version) }));
  const gone = previewed.filter(
    (port) => !current.some((using) => using.name.toLowerCase() === port.name.toLowerCase()),
  );
  const versions = await getSendPortVersions(
    db,
    gone.map((port) => port.name),
  );
  const changed = portsChangedSincePreview(previewed, current, (name) => {
    const version = versions.get(name.toLowerCase());
    return version === undefined ? undefined : sendPortEtag(version);
  });
  if (changed.length > 0) throw portsChanged(changed);
}

function portsChanged(changed: ChangedPort[]): HttpProblem {
  const names = changed.map((port) => `'${port.name}'`);
  return new HttpProblem({
    status: 412,
    code: 'replacement-ports-changed',
    detail: `Since the preview, ${changed.length === 1 ? 'a send port has' : `${changed.length} send ports have`} changed: ${listInWords(names.slice(0, 20))}${names.length > 20 ? ` and ${names.length - 20} more (all in changedPorts)` : ''}. Nothing was replaced; preview again and apply what you see.`,
    extra: { changedPorts: changed },
  });
}

function refusedPortsOf(ports: readonly ReplacementPort[]) {
  return ports.flatMap((port) => (port.reason ? [{ name: port.name, ...port.reason }] : []));
}

function replacementRefused(ports: readonly ReplacementPort[]): HttpProblem {
  const refused = refusedPortsOf(ports);
  const first = refused[0];
  return new HttpProblem({
    status: 422,
    code: 'replacement-refused',
    detail: `The successor cannot go on ${refused.length === 1 ? 'one send port' : `${refused.length} send ports`}, so nothing was replaced. ${first ? `'${first.name}': ${first.message}` : ''}${refused.length > 1 ? ' Each port’s reason is in refusedPorts.' : ''}`,
    extra: { refusedPorts: refused },
  });
}

/**
 * Replaces the certificate on every port that uses it, all or nothing, in the caller's transaction
 * (one is opened otherwise): 412 when the ports are not the previewed ones at their ETags, 422 when
 * the successor is refused on any port; otherwise one conditional UPDATE per chunk of ports and one
 * audit entry per port, all under one batch id.
 */
export async function applyReplacement(
  database: Executor,
  clock: Clock,
  actor: Actor,
  command: ReplacementCommand,
  batchId: string = randomUUID(),
): Promise<ReplacementResult> {
  const previewed = requirePreviewedPorts(command);
  return withTransaction(database, async (trx) => {
    const now = clock.now();
    const read = await readReplacement(trx, command, now);
    await checkPreview(trx, previewed, read);
    if (!read.decision.ok) throw replacementRefused(read.decision.ports);
    const versions = await replaceSendPortsCertificate(trx, {
      ids: read.ports.map((port) => port.id),
      from: read.from.thumbprint,
      to: { thumbprint: read.to.thumbprint, commonName: read.to.commonName },
      changedBy: actor.username,
      changedAt: now,
    });
    // Another request that changed a port between our read and our UPDATE bumped its version first.
    const raced = read.ports.filter((port) => versions.get(port.id) !== port.version + 1);
    if (raced.length > 0) {
      throw portsChanged(raced.map((port) => ({ name: port.name, change: 'changed' })));
    }
    const decided = new Map(read.decision.ports.map((port) => [port.name, port]));
    await appendAuditEntries(
      trx,
      read.ports.map((port) => {
        const decision = decided.get(port.name)!;
        return {
          at: now,
          username: actor.username,
          clientAddress: actor.clientAddress,
          action: 'certificate.assign',
          targetType: 'send-port',
          target: port.name,
          ...certificateAssigned(
            { thumbprint: port.thumbprint, commonName: port.commonName },
            {
              thumbprint: read.to.thumbprint,
              commonName: read.to.commonName,
              warnings: decision.warnings,
              acknowledgedMissingOn: decision.acknowledgedMissingOn,
            },
          ),
          batchId,
          reason: command.reason ?? null,
        };
      }),
    );
    const ports = read.decision.ports.map((port, index) => ({
      ...port,
      newEtag: sendPortEtag(versions.get(read.ports[index]!.id)!),
    }));
    return { ...resultOf(read, false), ports, applied: true, batchId };
  });
}

function toScheduled(
  row: StoredReplacement,
  certificates: Map<string, ReplacementCertificate>,
): ScheduledReplacement {
  const describe = (thumbprint: string) =>
    certificates.get(thumbprint) ?? { thumbprint, commonName: null, notBefore: null, notAfter: null };
  return {
    id: row.id,
    from: describe(row.fromThumbprint),
    to: describe(row.toThumbprint),
    at: row.at,
    status: row.status,
    ports: row.ports,
    onlyListedPorts: row.onlyListedPorts,
    acknowledgeMissingOn: row.acknowledgeMissingOn,
    acknowledgeNotYetValid: row.acknowledgeNotYetValid,
    reason: row.reason,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    cancelledBy: row.cancelledBy,
    batchId: row.batchId,
    failure: row.failure,
  };
}

async function describeRows(
  db: Executor,
  rows: readonly StoredReplacement[],
): Promise<ScheduledReplacement[]> {
  const certificates = await getCertificates(
    db,
    rows.flatMap((row) => [row.fromThumbprint, row.toThumbprint]),
  );
  const described = new Map<string, ReplacementCertificate>();
  for (const [thumbprint, certificate] of certificates) {
    described.set(thumbprint, {
      thumbprint,
      commonName: certificate.subjectCommonName,
      notBefore: certificate.notBefore,
      notAfter: certificate.notAfter,
    });
  }
  return rows.map((row) => toScheduled(row, described));
}

/**
 * Schedules a replacement for `at`: the preview must still hold (412 otherwise) and every port must
 * accept the successor as of `at` (422 otherwise), so that what is scheduled is what was previewed.
 * The scheduler checks everything again when it runs.
 */
export async function scheduleReplacement(
  database: Executor,
  clock: Clock,
  actor: Actor,
  command: ReplacementCommand & { at: string },
): Promise<ScheduledReplacement> {
  const previewed = requirePreviewedPorts(command);
  return withTransaction(database, async (trx) => {
    const now = clock.now();
    if (Date.parse(command.at) <= now.getTime()) {
      throw new HttpProblem({
        status: 422,
        code: 'validation-failed',
        detail: `The time to replace at, ${command.at}, is not in the future; to replace now, leave at out.`,
        errors: [{ path: 'at', code: 'not-in-future', message: 'Pick a time after now.' }],
      });
    }
    const read = await readReplacement(trx, command, new Date(command.at));
    await checkPreview(trx, previewed, read);
    if (!read.decision.ok) throw replacementRefused(read.decision.ports);
    const stored = await insertScheduledReplacement(trx, {
      id: randomUUID(),
      fromThumbprint: read.from.thumbprint,
      toThumbprint: read.to.thumbprint,
      at: new Date(command.at).toISOString(),
      ports: read.ports.map((port) => ({ name: port.name, etag: sendPortEtag(port.version) })),
      onlyListedPorts: command.onlyListedPorts === true,
      acknowledgeMissingOn: Object.fromEntries(
        Object.entries(command.acknowledgeMissingOn ?? {}).map(([port, servers]) => [port, [...servers]]),
      ),
      acknowledgeNotYetValid: command.acknowledgeNotYetValid === true,
      reason: command.reason ?? null,
      createdBy: actor.username,
      createdAt: now.toISOString(),
    });
    await appendAuditEntries(trx, [
      {
        at: now,
        username: actor.username,
        clientAddress: actor.clientAddress,
        action: 'certificate.replacement.schedule',
        targetType: 'certificate-replacement',
        target: stored.id,
        after: {
          from: stored.fromThumbprint,
          to: stored.toThumbprint,
          at: stored.at,
          ports: stored.ports.map((port) => port.name),
          ...(stored.onlyListedPorts ? { onlyListedPorts: true } : {}),
        },
        batchId: randomUUID(),
        reason: command.reason ?? null,
      },
    ]);
    return (await describeRows(trx, [stored]))[0]!;
  });
}

export async function listReplacements(
  db: Executor,
  query: ScheduledReplacementListQuery,
): Promise<ScheduledReplacementList> {
  const page = await listScheduledReplacements(db, {
    statuses: query.status === undefined ? undefined : [query.status].flat(),
    limit: query.limit,
    offset: query.offset,
  });
  return { items: await describeRows(db, page.items), total: page.total };
}

/** Cancels a pending replacement; 404 when there is none, 409 when it already ran, failed or was cancelled. */
export async function cancelReplacement(
  database: Executor,
  clock: Clock,
  actor: Actor,
  id: string,
): Promise<ScheduledReplacement> {
  return withTransaction(database, async (trx) => {
    const now = clock.now();
    const cancelled = await finishPendingReplacement(trx, id, {
      status: 'cancelled',
      finishedAt: now,
      cancelledBy: actor.username,
    });
    if (!cancelled) {
      const existing = await getScheduledReplacement(trx, id);
      if (!existing) {
        throw new HttpProblem({
          status: 404,
          code: 'not-found',
          detail: `There is no scheduled replacement with id ${id}.`,
        });
      }
      throw new HttpProblem({
        status: 409,
        code: 'replacement-not-pending',
        detail: `The replacement ${id} is ${existing.status}${existing.finishedAt ? ` since ${existing.finishedAt}` : ''}; only a pending one can be cancelled.`,
        extra: { replacementStatus: existing.status },
      });
    }
    await appendAuditEntries(trx, [
      {
        at: now,
        username: actor.username,
        clientAddress: actor.clientAddress,
        action: 'certificate.replacement.cancel',
        targetType: 'certificate-replacement',
        target: id,
        before: { status: 'pending' },
        after: { status: 'cancelled' },
        batchId: randomUUID(),
      },
    ]);
    return (await describeRows(trx, [cancelled]))[0]!;
  });
}

/** The failure of a scheduled replacement, from the refusal that stopped it. */
export function failureOf(problem: HttpProblem): ReplacementFailure {
  const refused = problem.extra?.refusedPorts as ReplacementFailure['ports'] | undefined;
  const changed = problem.extra?.changedPorts as ChangedPort[] | undefined;
  return {
    code: problem.code,
    message: problem.detail,
    ...(refused
      ? { ports: refused }
      : changed
        ? {
            ports: changed.map((port) => ({
              name: port.name,
              code: port.change,
              message: `Send port '${port.name}' ${port.change === 'not-previewed' ? 'started using the certificate' : port.change === 'no-longer-uses' ? 'no longer uses the certificate' : port.change === 'not-found' ? 'no longer exists' : 'changed'} since the replacement was scheduled.`,
            })),
          }
        : {}),
  };
}

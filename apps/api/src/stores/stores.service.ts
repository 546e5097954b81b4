import {
  addToStore,
  getComputerByName,
  getStoreCertificate,
  listStoreCertificates,
  listStoreCertificateSummaries,
  computersHavingEach,
  getProcessingServers,
  getSendPortByName,
  removeFromStore,
  sendPortsUsingCertificateProcessedOn,
  upsertCertificate,
  withTransaction,
  type Computer,
  type Executor,
  type ProcessingServer,
  type StoreCertificate as StoreCertificateRecord,
  type StoreCertificateSummaryWithKeyUsage,
  type StorePage,
} from '@bts-console/db';
import {
  formatThumbprintDisplay,
  normalizeThumbprint,
  portUseReasons,
  type Clock,
  type PortUseReason,
  type StoreSearchQuery,
  type StoreCertificate,
  type StoreCertificatePage,
  StoreCertificateSummarySchema,
  type StoreCertificateSummary,
  type StoreCertificateSummaryPage,
} from '@bts-console/domain';
import { parseCertificate, X509Error, type ParsedCertificate } from '@bts-console/x509';
import { recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { HttpProblem, notFound } from '../http/problem';

/** A computer of the group by name, or a 404 problem that says which computers there are. */
export async function getComputerOr404(db: Executor, name: string): Promise<Computer> {
  const computer = await getComputerByName(db, name);
  if (!computer) throw notFound('Computer', name);
  return computer;
}

export function toStoreCertificate(computer: string, record: StoreCertificateRecord): StoreCertificate {
  return {
    thumbprint: record.thumbprint,
    sha256: record.sha256,
    subject: record.subject,
    subjectCommonName: record.subjectCommonName,
    issuer: record.issuer,
    issuerCommonName: record.issuerCommonName,
    serialNumber: record.serialNumber,
    notBefore: record.notBefore,
    notAfter: record.notAfter,
    keyUsage: record.keyUsage,
    extendedKeyUsage: record.extendedKeyUsage,
    publicKeyAlgorithm: record.publicKeyAlgorithm,
    publicKeySize: record.publicKeySize ?? 0,
    computer,
    friendlyName: record.friendlyName,
    addedAt: record.addedAt,
    addedBy: record.addedBy,
  };
}

/**
 * A computer's Other People store, as the Select Certificate dialog lists it: one page in the order
 * asked for, and the number of all matches. A query that reads as a thumbprint in any accepted form
 * (spaces, colons, the invisible mark Windows copies, openssl's prefix) is searched as that thumbprint;
 * anything else matches Issued To, Issued By, friendly name or thumbprint. With `forSendPort` each
 * certificate says why that port cannot use it, and `only=usable` lists only those it can.
 */
export async function searchStore(
  db: Executor,
  clock: Clock,
  computerName: string,
  query: StoreSearchQuery,
): Promise<StoreCertificatePage | StoreCertificateSummaryPage> {
  const computer = await getComputerOr404(db, computerName);
  const now = clock.now();
  const port = query.forSendPort === undefined ? null : await portForJudging(db, query.forSendPort);
  const offset = query.page === undefined ? query.offset : (query.page - 1) * query.limit;
  const normalized = query.q === undefined ? undefined : normalizeThumbprint(query.q);
  let page: StorePage<StoreCertificateRecord | StoreCertificateSummaryWithKeyUsage>;
  if (normalized?.ok) {
    // A whole thumbprint is a key lookup, however large the store.
    const found = await getStoreCertificate(db, computer.id, normalized.thumbprint);
    const usable =
      found !== null &&
      (query.only !== 'usable' ||
        port === null ||
        (await reasonsFor(db, port, [found], now))[0]?.length === 0);
    page = { items: found && usable && offset === 0 ? [found] : [], total: found && usable ? 1 : 0 };
  } else {
    const options = {
      computerName: computer.name,
      ...(query.q !== undefined ? { search: query.q } : {}),
      sort: query.sort,
      order: query.order,
      ...(query.only === 'usable' && port
        ? { usableOn: { now, computerIds: port.servers.map((server) => server.computerId) } }
        : {}),
      limit: query.limit,
      offset,
      count: query.count,
    };
    page =
      query.view === 'summary'
        ? await listStoreCertificateSummaries(db, options)
        : await listStoreCertificates(db, options);
  }
  const reasons = port ? await reasonsFor(db, port, page.items, now) : null;
  const items = page.items.map((item, index) => {
    const shown =
      query.view === 'summary'
        ? toSummary(item)
        : toStoreCertificate(computer.name, item as StoreCertificateRecord);
    return reasons ? { ...shown, reasons: reasons[index] ?? [] } : shown;
  });
  return ('moreThan' in page ? { items, moreThan: page.moreThan } : { items, total: page.total }) as
    StoreCertificatePage | StoreCertificateSummaryPage;
}

interface PortForJudging {
  name: string;
  servers: ProcessingServer[];
}

async function portForJudging(db: Executor, name: string): Promise<PortForJudging> {
  const port = await getSendPortByName(db, name);
  if (!port) throw notFound('Send port', name);
  return { name: port.name, servers: await getProcessingServers(db, port.id) };
}

/** For each certificate of a page, why the port cannot use it; one read of holders for the whole page. */
async function reasonsFor(
  db: Executor,
  port: PortForJudging,
  certificates: readonly Pick<
    StoreCertificateSummaryWithKeyUsage,
    'thumbprint' | 'notBefore' | 'notAfter' | 'keyUsage'
  >[],
  now: Date,
): Promise<PortUseReason[][]> {
  const holders = await computersHavingEach(
    db,
    certificates.map((certificate) => certificate.thumbprint),
  );
  const processingServers = port.servers.map((server) => server.name);
  return certificates.map((certificate) =>
    portUseReasons(certificate, { processingServers }, holders.get(certificate.thumbprint) ?? [], now),
  );
}

/** The fields of the summary view, by its schema: whatever else the certificate has is left out. */
function toSummary(certificate: StoreCertificateSummaryWithKeyUsage): StoreCertificateSummary {
  return StoreCertificateSummarySchema.parse(certificate);
}

/** Codes of certificate refusals: each its own 422, so clients can say exactly what the file was. */
function refusal(error: X509Error): HttpProblem {
  if (error.code === 'too-large') {
    return new HttpProblem({ status: 413, code: 'payload-too-large', detail: error.message });
  }
  return new HttpProblem({ status: 422, code: error.code, detail: error.message });
}

/** Reads an uploaded certificate file, or throws the problem that says what the file is instead. */
export function readCertificateFile(bytes: Uint8Array): ParsedCertificate {
  try {
    return parseCertificate(bytes);
  } catch (error) {
    if (error instanceof X509Error) throw refusal(error);
    throw error;
  }
}

/**
 * Imports a public certificate into one computer's Other People store, and audits it, in one
 * transaction. The file is parsed before anything is read or written, so a refused file changes nothing.
 */
export async function importIntoStore(
  database: Executor,
  clock: Clock,
  actor: Actor,
  command: { computerName: string; bytes: Uint8Array; friendlyName?: string },
): Promise<StoreCertificate> {
  const computer = await getComputerOr404(database, command.computerName);
  const parsed = readCertificateFile(command.bytes);
  const friendlyName =
    command.friendlyName === undefined || command.friendlyName === '' ? null : command.friendlyName;
  return withTransaction(database, async (trx) => {
    const now = clock.now();
    const existing = await getStoreCertificate(trx, computer.id, parsed.thumbprint);
    if (existing) {
      throw new HttpProblem({
        status: 409,
        code: 'already-in-store',
        detail: `The certificate ${describe(parsed.subjectCommonName, parsed.thumbprint)} is already in the Other People store of ${computer.name} (added by ${existing.addedBy} at ${existing.addedAt}). Nothing was changed.`,
        extra: { thumbprint: parsed.thumbprint, computer: computer.name },
      });
    }
    await upsertCertificate(trx, parsed, now);
    await addToStore(trx, {
      computerName: computer.name,
      thumbprint: parsed.thumbprint,
      friendlyName,
      addedAt: now,
      addedBy: actor.username,
    });
    // Read before the audit entry: its lock is held until COMMIT, so it comes last (ADR 011).
    const stored = await getStoreCertificate(trx, computer.id, parsed.thumbprint);
    await recordAudit(
      trx,
      actor,
      {
        action: 'store.import',
        targetType: 'store-certificate',
        target: parsed.thumbprint,
        before: null,
        after: {
          computer: computer.name,
          store: 'Other People',
          subject: parsed.subject,
          issuer: parsed.issuer,
          notAfter: parsed.notAfter.toISOString(),
          friendlyName,
        },
      },
      clock,
    );
    if (!stored)
      throw new Error(
        `Certificate ${parsed.thumbprint} is not in ${computer.name}'s store right after import.`,
      );
    return toStoreCertificate(computer.name, stored);
  });
}

function describe(commonName: string | null, thumbprint: string): string {
  const display = formatThumbprintDisplay(thumbprint);
  return commonName ? `'${commonName}' (thumbprint ${display})` : `with thumbprint ${display}`;
}

/** A thumbprint from a path, in any accepted form, or a 422 that says what is wrong with it. */
export function thumbprintFromPath(value: string): string {
  const normalized = normalizeThumbprint(value);
  if (normalized.ok) return normalized.thumbprint;
  throw new HttpProblem({
    status: 422,
    code: 'invalid-thumbprint',
    detail: `The thumbprint in the path is not valid: ${normalized.error.message}.`,
    errors: [{ path: 'thumbprint', code: normalized.error.code, message: normalized.error.message }],
  });
}

/**
 * Takes a certificate out of one computer's Other People store. Refused while a send port that this
 * computer processes uses it: its messages would be suspended. The Console computer processes no
 * port, so its store (the one Browse lists) is never blocked.
 */
export async function removeFromOtherPeopleStore(
  database: Executor,
  clock: Clock,
  actor: Actor,
  command: { computerName: string; thumbprint: string },
): Promise<void> {
  await withTransaction(database, async (trx) => {
    const computer = await getComputerOr404(trx, command.computerName);
    const stored = await getStoreCertificate(trx, computer.id, command.thumbprint);
    if (!stored) {
      throw new HttpProblem({
        status: 404,
        code: 'not-found',
        detail: `No certificate with thumbprint ${formatThumbprintDisplay(command.thumbprint)} is in the Other People store of ${computer.name}.`,
      });
    }
    if (computer.role !== 'Console') {
      const ports = await sendPortsUsingCertificateProcessedOn(trx, command.thumbprint, computer.name);
      if (ports.length > 0) {
        const names = ports.map((port) => `'${port.name}'`);
        throw new HttpProblem({
          status: 409,
          code: 'certificate-in-use',
          detail: `The certificate ${describe(stored.subjectCommonName, stored.thumbprint)} cannot be removed from the Other People store of ${computer.name}: ${computer.name} processes ${ports.length === 1 ? 'send port' : 'send ports'} ${names.join(', ')}, which ${ports.length === 1 ? 'uses' : 'use'} it to encrypt messages. Assign another certificate to ${ports.length === 1 ? 'that port' : 'those ports'} (or remove theirs) first.`,
          extra: { sendPorts: ports.map((port) => ({ name: port.name, application: port.application })) },
        });
      }
    }
    await removeFromStore(trx, { computerName: computer.name, thumbprint: command.thumbprint });
    await recordAudit(
      trx,
      actor,
      {
        action: 'store.remove',
        targetType: 'store-certificate',
        target: stored.thumbprint,
        before: {
          computer: computer.name,
          store: 'Other People',
          subject: stored.subject,
          friendlyName: stored.friendlyName,
        },
        after: null,
      },
      clock,
    );
  });
}

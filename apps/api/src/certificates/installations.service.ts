import {
  addToStore,
  computersHaving,
  getCertificateWithDer,
  getComputerByName,
  getProcessingServersBySendHandler,
  getStoreCertificate,
  listComputers,
  withTransaction,
  type CertificateWithDer,
  type Computer,
  type Executor,
} from '@bts-console/db';
import {
  formatThumbprintDisplay,
  type Clock,
  type InstallCertificateResult,
  type InstallationOutcome,
} from '@bts-console/domain';
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { HttpProblem } from '../http/problem';

function describeCertificate(certificate: { subjectCommonName: string | null; thumbprint: string }): string {
  const display = formatThumbprintDisplay(certificate.thumbprint);
  return certificate.subjectCommonName
    ? `'${certificate.subjectCommonName}' (thumbprint ${display})`
    : `with thumbprint ${display}`;
}

/** A certificate this group knows, with its bytes, or 404. */
export async function getCertificateOr404(db: Executor, thumbprint: string): Promise<CertificateWithDer> {
  const certificate = await getCertificateWithDer(db, thumbprint);
  if (!certificate) {
    throw new HttpProblem({
      status: 404,
      code: 'not-found',
      detail: `No certificate with thumbprint ${formatThumbprintDisplay(thumbprint)} is known to this group: import it into an Other People store first.`,
    });
  }
  return certificate;
}

/**
 * The named computers of the group, each once, in the order named; a 422 naming every unknown one (and
 * the computers there are) before anything is written.
 */
export async function resolveComputers(db: Executor, names: readonly string[]): Promise<Computer[]> {
  const found = new Map<number, Computer>();
  const unknown: string[] = [];
  for (const name of names) {
    const computer = await getComputerByName(db, name);
    if (computer) found.set(computer.id, computer);
    else if (!unknown.includes(name)) unknown.push(name);
  }
  if (unknown.length > 0) {
    const known = (await listComputers(db)).map((computer) => computer.name);
    throw new HttpProblem({
      status: 422,
      code: 'unknown-computers',
      detail: `${unknown.length === 1 ? 'There is no computer' : 'There are no computers'} named ${unknown.map((name) => `'${name}'`).join(', ')} in this group. Its computers are ${known.join(', ')}.`,
      extra: { computers: unknown, known },
    });
  }
  return [...found.values()];
}

/**
 * The processing servers of the ports using the certificate whose Other People store lacks it: where
 * messages are suspended until it is installed (DESIGN §12), by name.
 */
export async function processingServersLacking(db: Executor, thumbprint: string): Promise<string[]> {
  const [byHandler, holders] = await Promise.all([
    getProcessingServersBySendHandler(db, { certificateThumbprint: thumbprint }),
    computersHaving(db, thumbprint),
  ]);
  const servers = new Set<string>();
  for (const handlerServers of byHandler.values()) {
    for (const server of handlerServers) servers.add(server.name);
  }
  const held = new Set(holders.map((name) => name.toLowerCase()));
  return [...servers].filter((name) => !held.has(name.toLowerCase())).sort();
}

/**
 * Copies a certificate from a store that holds it into the Other People store of each named computer,
 * in one transaction with one audit entry per computer it was added to (one batch). A computer that
 * already holds it is left alone, so installing again changes nothing.
 */
export async function installCertificate(
  database: Executor,
  clock: Clock,
  actor: Actor,
  command: { thumbprint: string; computers: readonly string[] },
): Promise<InstallCertificateResult> {
  return withTransaction(database, async (trx) => {
    const certificate = await getCertificateOr404(trx, command.thumbprint);
    const targets = await resolveComputers(trx, command.computers);
    const holders = await computersHaving(trx, certificate.thumbprint);
    const sourceName = holders[0];
    if (sourceName === undefined) {
      throw new HttpProblem({
        status: 409,
        code: 'certificate-in-no-store',
        detail: `The certificate ${describeCertificate(certificate)} is in no computer's Other People store any more, so there is nothing to copy it from. Import its file into one of the stores instead.`,
      });
    }
    const source = await getComputerByName(trx, sourceName);
    const sourceEntry = source ? await getStoreCertificate(trx, source.id, certificate.thumbprint) : null;
    const friendlyName = sourceEntry?.friendlyName ?? null;
    const batchId = randomUUID();
    const now = clock.now();
    const outcomes: { computer: string; outcome: InstallationOutcome }[] = [];
    for (const target of targets) {
      const added = await addToStore(trx, {
        computerName: target.name,
        thumbprint: certificate.thumbprint,
        friendlyName,
        addedAt: now,
        addedBy: actor.username,
      });
      outcomes.push({ computer: target.name, outcome: added ? 'installed' : 'unchanged' });
      if (!added) continue;
      await recordAudit(
        trx,
        actor,
        {
          action: 'store.install',
          targetType: 'store-certificate',
          target: certificate.thumbprint,
          before: null,
          after: {
            computer: target.name,
            store: 'Other People',
            copiedFrom: sourceName,
            subject: certificate.subject,
            notAfter: certificate.notAfter,
            friendlyName,
          },
          batchId,
        },
        clock,
      );
    }
    const installed = outcomes.some((entry) => entry.outcome === 'installed');
    return {
      thumbprint: certificate.thumbprint,
      outcome: installed ? 'installed' : 'unchanged',
      copiedFrom: installed ? sourceName : null,
      computers: outcomes,
    };
  });
}

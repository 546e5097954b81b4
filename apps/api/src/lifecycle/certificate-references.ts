import {
  computersHavingEach,
  getCertificates,
  getProcessingServersOfSendHandler,
  listPortsReferencingCertificates,
  type BtsDatabase,
  type Certificate,
  type Executor,
  type PortReferencingCertificate,
  type ProcessingServer,
} from '@bts-console/db';
import { keepWhileUnchanged, type KeptWhileUnchanged } from '../http/kept-while-unchanged';

/**
 * Every send port that has an encryption certificate, and what deciding its health takes: the
 * certificates, the computers whose store holds each, and the processing servers of each send handler.
 * Read-only for whoever is given it: it may be kept and handed to other requests.
 */
export interface CertificateReferences {
  ports: readonly PortReferencingCertificate[];
  certificates: ReadonlyMap<string, Certificate>;
  /** By thumbprint, the names of the computers whose Other People store holds it, by name. */
  holders: ReadonlyMap<string, readonly string[]>;
  serversByHandler: ReadonlyMap<number | null, readonly ProcessingServer[]>;
}

/** Reads the group's certificate references in a fixed number of queries, whatever its size. */
export async function readCertificateReferences(db: Executor): Promise<CertificateReferences> {
  const ports = await listPortsReferencingCertificates(db);
  const thumbprints = [...new Set(ports.map((port) => port.thumbprint))];
  const handlers = [...new Set(ports.map((port) => port.sendHandlerHostId))];
  const [certificates, holders, servers] = await Promise.all([
    getCertificates(db, thumbprints),
    computersHavingEach(db, thumbprints),
    Promise.all(handlers.map((id) => getProcessingServersOfSendHandler(db, id))),
  ]);
  return {
    ports,
    certificates,
    holders,
    serversByHandler: new Map(handlers.map((id, index) => [id, servers[index]!])),
  };
}

const kept = new WeakMap<BtsDatabase, KeptWhileUnchanged<CertificateReferences>>();

/**
 * The group's certificate references for In Use and the Group Hub, kept while the database is
 * unchanged (ADR 008): at 50,000 ports they are 16,000 ports, as many certificates and the stores that
 * hold them, read in hundreds of milliseconds, while each page and each refresh only decides health
 * from them, which depends on the time and is decided anew every time. One kept copy per database.
 */
export function certificateReferences(
  database: BtsDatabase,
  now: Date,
  since?: number,
): Promise<CertificateReferences> {
  let references = kept.get(database);
  if (!references) {
    references = keepWhileUnchanged(database, 1, async (db) => ({
      value: await readCertificateReferences(db),
    }));
    kept.set(database, references);
  }
  return references.get(database.db, 'group', now, since);
}

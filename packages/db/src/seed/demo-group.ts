import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Clock } from '@bts-console/domain';
import { toIsoTime } from '../columns';
import { takeAdvisoryLock } from '../advisory-lock';
import { createApplication } from '../repositories/applications';
import { createArtifact } from '../repositories/artifacts';
import {
  addToStore,
  getCertificate,
  upsertCertificate,
  type Certificate,
} from '../repositories/certificates';
import {
  createComputer,
  createHost,
  createHostInstance,
  getGroupSettings,
  saveGroupSettings,
} from '../repositories/group';
import { createSendPort, DEFAULT_TRACKING, DEFAULT_TRANSPORT_OPTIONS } from '../repositories/send-ports';
import type { Executor } from '../schema';
import { withTransaction } from '../transaction';
import {
  DEMO_CERTIFICATES,
  DEMO_PARTNER_KEYS_FOLDER,
  type DemoCertificateCaseName,
} from './demo-certificates';
import { issueDemoCertificates, type IssuedDemoCertificates } from './issue-demo-certificates';
import {
  DEMO_APPLICATION_LIST,
  DEMO_ARTIFACTS,
  DEMO_COMPUTER_LIST,
  DEMO_GROUP,
  DEMO_HOST_LIST,
  DEMO_SEND_PORTS,
} from './demo-group-layout';

/** Who the demo group's ports were last changed by, as the audit and the properties show it. */
export const DEMO_SEED_USER = 'setup';

/** Whether the group has been created (by the demo seed or otherwise). */
export async function isSeeded(db: Executor): Promise<boolean> {
  const settings = await getGroupSettings(db);
  return settings?.seededAt !== null && settings?.seededAt !== undefined;
}

export interface SeedDemoGroupOptions {
  clock: Clock;
  /** The partners' private keys go to `<dataDir>/demo-partner-keys/`. */
  dataDir: string;
  /**
   * Issues the certificates for the seed's moment; tests pass one that reuses those issued for the same
   * moment earlier in the run, since issuing eight RSA keys costs more than the rest of the seed.
   */
  issueCertificates?: (now: Date) => IssuedDemoCertificates;
}

/**
 * Creates the demo group of DESIGN §11 when the database holds no group yet, in one transaction;
 * otherwise leaves everything as it is. Returns whether it seeded.
 */
export async function seedDemoGroup(
  db: Executor,
  options: SeedDemoGroupOptions,
): Promise<{ seeded: boolean }> {
  if (await isSeeded(db)) return { seeded: false };
  const now = options.clock.now();
  // Key generation is slow compared with the inserts: do it before the transaction holds locks.
  const issued = (options.issueCertificates ?? issueDemoCertificates)(now);

  return withTransaction(db, async (trx) => {
    // Two API instances starting together on one database: the second waits, then finds the group.
    await takeAdvisoryLock(trx, 'seed');
    if (await isSeeded(trx)) return { seeded: false };
    await insertDemoGroup(trx, now, issued);
    writePartnerKeys(options.dataDir, issued);
    return { seeded: true };
  });
}

async function insertDemoGroup(trx: Executor, now: Date, issued: IssuedDemoCertificates): Promise<void> {
  await saveGroupSettings(trx, { ...DEMO_GROUP, seededAt: toIsoTime(now) });

  const computerIds = new Map<string, number>();
  for (const computer of DEMO_COMPUTER_LIST) {
    computerIds.set(computer.name, (await createComputer(trx, computer)).id);
  }

  const hostIds = new Map<string, number>();
  for (const host of DEMO_HOST_LIST) {
    const created = await createHost(trx, host);
    hostIds.set(host.name, created.id);
    for (const instance of host.instances) {
      await createHostInstance(trx, {
        hostId: created.id,
        computerId: required(computerIds, instance.server),
        state: instance.state,
      });
    }
  }

  const applicationIds = new Map<string, number>();
  for (const application of DEMO_APPLICATION_LIST) {
    applicationIds.set(
      application.name,
      (await createApplication(trx, { ...application, createdAt: now })).id,
    );
  }

  const certificates = new Map<DemoCertificateCaseName, Certificate>();
  for (const [caseName, spec] of Object.entries(DEMO_CERTIFICATES) as [
    DemoCertificateCaseName,
    (typeof DEMO_CERTIFICATES)[DemoCertificateCaseName],
  ][]) {
    const partner = issued.partners[caseName];
    const stored = await upsertCertificate(trx, partner.facts, now);
    certificates.set(caseName, stored);
    for (const computerName of spec.presentOn) {
      await addToStore(trx, {
        computerName,
        thumbprint: stored.thumbprint,
        friendlyName: spec.friendlyName,
        addedAt: now,
        addedBy: DEMO_SEED_USER,
      });
    }
  }

  for (const port of DEMO_SEND_PORTS) {
    const certificate = port.certificate ? certificates.get(port.certificate) : undefined;
    await createSendPort(trx, {
      name: port.name,
      applicationId: required(applicationIds, port.application),
      kind: port.kind,
      status: port.status,
      transportType: port.transportType,
      uri: port.uri,
      sendHandlerHostId: port.sendHandler === null ? null : required(hostIds, port.sendHandler),
      sendPipeline: port.sendPipeline,
      receivePipeline: port.receivePipeline ?? null,
      description: port.description,
      filter: port.filter ?? null,
      transportOptions: { ...DEFAULT_TRANSPORT_OPTIONS, ...port.transportOptions },
      backupTransport: port.backupTransport ?? null,
      outboundMaps: port.outboundMaps ?? [],
      tracking: { ...DEFAULT_TRACKING, ...port.tracking },
      certificate: certificate
        ? { thumbprint: certificate.thumbprint, commonName: certificate.subjectCommonName }
        : null,
      changedBy: DEMO_SEED_USER,
      changedAt: now,
    });
  }

  for (const artifact of DEMO_ARTIFACTS) {
    await createArtifact(trx, {
      kind: artifact.kind,
      name: artifact.name,
      applicationId: artifact.application === null ? null : required(applicationIds, artifact.application),
      ...(artifact.description !== undefined ? { description: artifact.description } : {}),
      ...(artifact.properties !== undefined ? { properties: artifact.properties } : {}),
    });
  }
}

/**
 * Partners' private keys let administrators and tests decrypt the S/MIME messages the demo group
 * sends; they never enter a certificate store. Owner-only, like a key file should be.
 */
function writePartnerKeys(dataDir: string, issued: IssuedDemoCertificates): void {
  const folder = path.join(dataDir, DEMO_PARTNER_KEYS_FOLDER);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(folder, `${issued.authority.shortName}.cert.pem`), issued.authority.certificatePem);
  for (const partner of Object.values(issued.partners)) {
    const keyFile = path.join(folder, `${partner.shortName}.key.pem`);
    writeFileSync(keyFile, partner.privateKeyPem, { mode: 0o600 });
    // writeFileSync keeps the mode of an existing file: make sure a rewritten key stays private.
    chmodSync(keyFile, 0o600);
    writeFileSync(path.join(folder, `${partner.shortName}.cert.pem`), partner.certificatePem);
  }
}

/** Path of a demo partner's private key file. */
export function demoPartnerKeyPath(dataDir: string, caseName: DemoCertificateCaseName): string {
  return path.join(dataDir, DEMO_PARTNER_KEYS_FOLDER, `${DEMO_CERTIFICATES[caseName].shortName}.key.pem`);
}

/** Path of a demo partner's certificate (PEM), e.g. to import it into another store in a test. */
export function demoPartnerCertificatePath(dataDir: string, caseName: DemoCertificateCaseName): string {
  return path.join(dataDir, DEMO_PARTNER_KEYS_FOLDER, `${DEMO_CERTIFICATES[caseName].shortName}.cert.pem`);
}

/** The stored demo certificate of a case, found by its common name; null when the group was not seeded. */
export async function findDemoCertificate(
  db: Executor,
  caseName: DemoCertificateCaseName,
): Promise<Certificate | null> {
  const row = await db
    .selectFrom('certificates')
    .select('thumbprint')
    .where('subjectCommonName', '=', DEMO_CERTIFICATES[caseName].commonName)
    .orderBy('firstSeenAt', 'desc')
    .executeTakeFirst();
  return row ? getCertificate(db, row.thumbprint) : null;
}

function required<T>(map: Map<string, T>, key: string): T {
  const value = map.get(key);
  if (value === undefined) throw new Error(`The demo group layout names "${key}", which it does not define.`);
  return value;
}

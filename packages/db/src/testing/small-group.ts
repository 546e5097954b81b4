import { createHash } from 'node:crypto';
import { createApplication, type Application } from '../repositories/applications';
import { addToStore, upsertCertificate, type CertificateFacts } from '../repositories/certificates';
import { createComputer, createHost, createHostInstance, saveGroupSettings } from '../repositories/group';
import type { Executor } from '../schema';

/*
 * A small group built through the repositories, for the data layer's own tests: the demo seed
 * is tested on its own, and these tests should not depend on certificate generation.
 */

export const T0 = new Date('2026-11-25T10:00:00.000Z');

/** Certificate facts with made-up bytes: the data layer stores and compares, it does not parse. */
export function certificateFacts(label: string, overrides: Partial<CertificateFacts> = {}): CertificateFacts {
  const der = Buffer.from(`not a real certificate: ${label}`);
  return {
    thumbprint: createHash('sha1').update(der).digest('hex').toUpperCase(),
    sha256: createHash('sha256').update(der).digest('hex').toUpperCase(),
    subject: `CN=${label}, O=Partner`,
    subjectCommonName: label,
    issuer: 'CN=Partner Demo CA, O=Partner Demo PKI',
    issuerCommonName: 'Partner Demo CA',
    serialNumber: createHash('md5').update(der).digest('hex').slice(0, 16).toUpperCase(),
    notBefore: new Date('2026-01-01T00:00:00.000Z'),
    notAfter: new Date('2028-01-01T00:00:00.000Z'),
    keyUsage: ['digitalSignature', 'keyEncipherment'],
    extendedKeyUsage: null,
    publicKeyAlgorithm: 'RSA',
    publicKeySize: 2048,
    der,
    ...overrides,
  };
}

export interface SmallGroup {
  computers: { admin01: number; bts01: number; bts02: number };
  hosts: { application: number; secureSend: number };
  application: Application;
}

/** ADMIN01 (Console), BTS01, BTS02; BizTalkServerApplication (default) on both servers, SecureSendHost on BTS02. */
export async function buildSmallGroup(db: Executor): Promise<SmallGroup> {
  await saveGroupSettings(db, {
    name: 'BizTalk Group',
    sqlServer: 'SQL01',
    managementDatabase: 'BizTalkMgmtDb',
    seededAt: T0.toISOString(),
  });
  const admin01 = (await createComputer(db, { name: 'ADMIN01', role: 'Console' })).id;
  const bts01 = (await createComputer(db, { name: 'BTS01', role: 'BizTalk Server' })).id;
  const bts02 = (await createComputer(db, { name: 'BTS02', role: 'BizTalk Server' })).id;
  const application = (
    await createHost(db, { name: 'BizTalkServerApplication', type: 'In-Process', isDefault: true })
  ).id;
  const secureSend = (await createHost(db, { name: 'SecureSendHost', type: 'In-Process' })).id;
  await createHostInstance(db, { hostId: application, computerId: bts01, state: 'Running' });
  await createHostInstance(db, { hostId: application, computerId: bts02, state: 'Running' });
  await createHostInstance(db, { hostId: secureSend, computerId: bts02, state: 'Stopped' });
  const app = await createApplication(db, { name: 'Contoso.Orders', createdAt: T0 });
  return { computers: { admin01, bts01, bts02 }, hosts: { application, secureSend }, application: app };
}

/** Stores a certificate and puts it in the named computers' Other People stores. */
export async function storeCertificate(
  db: Executor,
  facts: CertificateFacts,
  computers: readonly string[],
  friendlyName: string | null = null,
): Promise<string> {
  const stored = await upsertCertificate(db, facts, T0);
  for (const computerName of computers) {
    await addToStore(db, {
      computerName,
      thumbprint: stored.thumbprint,
      friendlyName,
      addedAt: T0,
      addedBy: 'admin',
    });
  }
  return stored.thumbprint;
}

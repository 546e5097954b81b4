import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseCertificate } from '@bts-console/x509';
import { DEMO_CERTIFICATES, type DemoCertificateCaseName } from '../seed/demo-certificates';
import { issueDemoCertificates, type IssuedDemoCertificates } from '../seed/issue-demo-certificates';

/*
 * Issuing the demo group's CA and seven partner certificates (eight RSA keys) takes seconds, and nearly
 * every API test file seeds the demo group at the same fixed moment. A test run therefore issues them
 * once per moment and keeps them in a folder of its own (vitest's global setup makes it and removes it
 * after the run), as PEM files would be kept: the seeded certificates are not what those tests test.
 * The seed's own tests, and x509's with openssl, still issue and check fresh certificates.
 */

interface StoredDemoCertificates {
  authority: { shortName: string; certificatePem: string };
  partners: Record<
    DemoCertificateCaseName,
    { shortName: string; certificatePem: string; privateKeyPem: string }
  >;
}

/** An issuer for `seedDemoGroup` that reuses the certificates issued for the same moment earlier in the run. */
export function cachedDemoCertificateIssuer(folder: string): (now: Date) => IssuedDemoCertificates {
  return (now) => {
    const file = path.join(folder, `demo-certificates-${now.getTime()}.json`);
    const stored = readStored(file);
    if (stored) return fromStored(stored);
    const issued = issueDemoCertificates(now);
    writeStored(folder, file, issued);
    return issued;
  };
}

function readStored(file: string): StoredDemoCertificates | undefined {
  let stored: StoredDemoCertificates;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as StoredDemoCertificates;
  } catch {
    return undefined;
  }
  const complete = (Object.keys(DEMO_CERTIFICATES) as DemoCertificateCaseName[]).every(
    (caseName) => stored.partners?.[caseName]?.privateKeyPem !== undefined,
  );
  return complete ? stored : undefined;
}

function fromStored(stored: StoredDemoCertificates): IssuedDemoCertificates {
  const partners = {} as IssuedDemoCertificates['partners'];
  for (const [caseName, partner] of Object.entries(stored.partners) as [
    DemoCertificateCaseName,
    StoredDemoCertificates['partners'][DemoCertificateCaseName],
  ][]) {
    partners[caseName] = { ...partner, facts: parseCertificate(Buffer.from(partner.certificatePem)) };
  }
  return { authority: stored.authority, partners };
}

/** Written whole under another name and renamed, so a test file running alongside never reads half a file. */
function writeStored(folder: string, file: string, issued: IssuedDemoCertificates): void {
  const partners = {} as StoredDemoCertificates['partners'];
  for (const [caseName, partner] of Object.entries(issued.partners) as [
    DemoCertificateCaseName,
    IssuedDemoCertificates['partners'][DemoCertificateCaseName],
  ][]) {
    const { shortName, certificatePem, privateKeyPem } = partner;
    partners[caseName] = { shortName, certificatePem, privateKeyPem };
  }
  const stored: StoredDemoCertificates = { authority: issued.authority, partners };
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const partial = `${file}.${randomBytes(4).toString('hex')}.partial`;
  writeFileSync(partial, JSON.stringify(stored), { mode: 0o600 });
  renameSync(partial, file);
}

import { createCertificate, generateRsaKeyPair, parseCertificate, privateKeyToPem } from '@bts-console/x509';
import type { CertificateFacts } from '../repositories/certificates';
import {
  DEMO_CERTIFICATE_AUTHORITY,
  DEMO_CERTIFICATES,
  type DemoCertificateCaseName,
} from './demo-certificates';

export interface IssuedDemoCertificate {
  shortName: string;
  facts: CertificateFacts;
  certificatePem: string;
  privateKeyPem: string;
}

export interface IssuedDemoCertificates {
  authority: { shortName: string; certificatePem: string };
  partners: Record<DemoCertificateCaseName, IssuedDemoCertificate>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const KEY_BITS = 2048;

/** Certificates carry whole seconds; so that "expires in 10 days" is exact, start from a whole second. */
function daysFrom(now: Date, days: number): Date {
  return new Date(Math.floor(now.getTime() / 1000) * 1000 + days * DAY_MS);
}

/*
 * The last issue is kept: a test file that seeds the same clock on both dialects pays for the
 * eight RSA keys once. A real start seeds once, so this costs nothing there.
 */
let lastIssued: { at: number; certificates: IssuedDemoCertificates } | undefined;

/**
 * Issues the demo CA and one certificate per partner case, with validity relative to now, so the
 * cases (valid, expiring in 10 days, expired, not yet valid) hold whenever the demo is started.
 */
export function issueDemoCertificates(now: Date): IssuedDemoCertificates {
  if (lastIssued?.at !== now.getTime()) {
    lastIssued = { at: now.getTime(), certificates: issueAt(now) };
  }
  return lastIssued.certificates;
}

function issueAt(now: Date): IssuedDemoCertificates {
  const authorityKeys = generateRsaKeyPair(KEY_BITS);
  const authority = createCertificate({
    subject: {
      commonName: DEMO_CERTIFICATE_AUTHORITY.commonName,
      organization: DEMO_CERTIFICATE_AUTHORITY.organization,
      country: DEMO_CERTIFICATE_AUTHORITY.country,
    },
    publicKey: authorityKeys.publicKey,
    signingKey: authorityKeys.privateKey,
    notBefore: daysFrom(now, -400),
    notAfter: daysFrom(now, 3650),
    keyUsage: ['keyCertSign', 'cRLSign'],
    isCa: true,
  });

  const partners = {} as Record<DemoCertificateCaseName, IssuedDemoCertificate>;
  for (const [caseName, spec] of Object.entries(DEMO_CERTIFICATES) as [
    DemoCertificateCaseName,
    (typeof DEMO_CERTIFICATES)[DemoCertificateCaseName],
  ][]) {
    const keys = generateRsaKeyPair(KEY_BITS);
    const issued = createCertificate({
      subject: {
        commonName: spec.commonName,
        organization: spec.organization,
        country: spec.country,
        email: spec.email,
      },
      issuer: { certificate: authority, privateKey: authorityKeys.privateKey },
      publicKey: keys.publicKey,
      notBefore: daysFrom(now, spec.validFromDays),
      notAfter: daysFrom(now, spec.validToDays),
      keyUsage: [...spec.keyUsage],
      extendedKeyUsage: [...spec.extendedKeyUsage],
    });
    partners[caseName] = {
      shortName: spec.shortName,
      facts: parseCertificate(issued.der),
      certificatePem: issued.pem,
      privateKeyPem: privateKeyToPem(keys.privateKey),
    };
  }
  return {
    authority: { shortName: DEMO_CERTIFICATE_AUTHORITY.shortName, certificatePem: authority.pem },
    partners,
  };
}

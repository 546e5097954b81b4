import type { KeyUsageName } from '@bts-console/x509';

export type DemoComputerName = 'ADMIN01' | 'BTS01' | 'BTS02';

const EVERYWHERE: readonly DemoComputerName[] = ['ADMIN01', 'BTS01', 'BTS02'];

/** The demo partners' certificates are issued by this CA; its certificate is in no Other People store. */
export const DEMO_CERTIFICATE_AUTHORITY = {
  shortName: 'partner-demo-ca',
  commonName: 'Partner Demo CA',
  organization: 'Partner Demo PKI',
  country: 'NL',
} as const;

export interface DemoCertificateCase {
  /** File name stem of `<dataDir>/demo-partner-keys/<shortName>.key.pem` and `.cert.pem`. */
  shortName: string;
  commonName: string;
  organization: string;
  country: string;
  email: string;
  friendlyName: string;
  /** Validity, in days relative to the seed's clock. */
  validFromDays: number;
  validToDays: number;
  keyUsage: readonly KeyUsageName[];
  extendedKeyUsage: readonly string[];
  /** Computers whose Other People store holds it. */
  presentOn: readonly DemoComputerName[];
}

const ENCRYPTION_KEY_USAGE = ['digitalSignature', 'keyEncipherment', 'dataEncipherment'] as const;
const SMIME_EXTENDED_KEY_USAGE = ['emailProtection', 'clientAuth'] as const;

/**
 * The partner certificates of DESIGN §11, one per case that matters, keyed by case so tests
 * and journeys find them without knowing thumbprints (which change at every seed).
 */
export const DEMO_CERTIFICATES = {
  validEverywhere: {
    shortName: 'contoso',
    commonName: 'Contoso AS2 Encryption',
    organization: 'Contoso Ltd.',
    country: 'US',
    email: 'as2@contoso.com',
    friendlyName: 'Contoso Ltd. AS2 encryption',
    validFromDays: -30,
    validToDays: 730,
    keyUsage: ENCRYPTION_KEY_USAGE,
    extendedKeyUsage: SMIME_EXTENDED_KEY_USAGE,
    presentOn: EVERYWHERE,
  },
  expiringIn10Days: {
    shortName: 'fabrikam',
    commonName: 'Fabrikam Invoicing Encryption',
    organization: 'Fabrikam, Inc.',
    country: 'US',
    email: 'invoicing@fabrikam.com',
    friendlyName: 'Fabrikam invoicing',
    validFromDays: -355,
    validToDays: 10,
    keyUsage: ENCRYPTION_KEY_USAGE,
    extendedKeyUsage: SMIME_EXTENDED_KEY_USAGE,
    presentOn: EVERYWHERE,
  },
  expired: {
    shortName: 'northwind',
    commonName: 'Northwind Traders Shipping',
    organization: 'Northwind Traders',
    country: 'GB',
    email: 'edi@northwindtraders.com',
    friendlyName: 'Northwind shipping (old)',
    validFromDays: -395,
    validToDays: -30,
    keyUsage: ENCRYPTION_KEY_USAGE,
    extendedKeyUsage: SMIME_EXTENDED_KEY_USAGE,
    presentOn: EVERYWHERE,
  },
  signingOnly: {
    shortName: 'litware',
    commonName: 'Litware Document Signing',
    organization: 'Litware, Inc.',
    country: 'US',
    email: 'signing@litwareinc.com',
    friendlyName: 'Litware signing',
    validFromDays: -60,
    validToDays: 670,
    keyUsage: ['digitalSignature'],
    extendedKeyUsage: ['emailProtection'],
    presentOn: EVERYWHERE,
  },
  consoleOnly: {
    shortName: 'adventure-works',
    commonName: 'Adventure Works Encryption',
    organization: 'Adventure Works Cycles',
    country: 'US',
    email: 'b2b@adventure-works.com',
    friendlyName: 'Adventure Works B2B',
    validFromDays: -14,
    validToDays: 716,
    keyUsage: ENCRYPTION_KEY_USAGE,
    extendedKeyUsage: SMIME_EXTENDED_KEY_USAGE,
    presentOn: ['ADMIN01'],
  },
  missingOnBts02: {
    shortName: 'tailspin',
    commonName: 'Tailspin Toys Encryption',
    organization: 'Tailspin Toys',
    country: 'CA',
    email: 'orders@tailspintoys.com',
    friendlyName: 'Tailspin Toys orders',
    validFromDays: -90,
    validToDays: 640,
    keyUsage: ENCRYPTION_KEY_USAGE,
    extendedKeyUsage: SMIME_EXTENDED_KEY_USAGE,
    presentOn: ['ADMIN01', 'BTS01'],
  },
  notYetValid: {
    shortName: 'wide-world-importers',
    commonName: 'Wide World Importers Encryption',
    organization: 'Wide World Importers',
    country: 'AU',
    email: 'edi@wideworldimporters.com',
    friendlyName: 'Wide World Importers (next)',
    validFromDays: 7,
    validToDays: 737,
    keyUsage: ENCRYPTION_KEY_USAGE,
    extendedKeyUsage: SMIME_EXTENDED_KEY_USAGE,
    presentOn: EVERYWHERE,
  },
} as const satisfies Record<string, DemoCertificateCase>;

export type DemoCertificateCaseName = keyof typeof DEMO_CERTIFICATES;

/** Folder under the data directory where the demo partners' private keys are written. */
export const DEMO_PARTNER_KEYS_FOLDER = 'demo-partner-keys';

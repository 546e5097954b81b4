import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCertificate,
  generateRsaKeyPair,
  privateKeyFromPem,
  privateKeyToPem,
  type RsaKeyPair,
} from './create-certificate';
import { parseCertificate } from './parse-certificate';
import { createOpensslLab, opensslField, type OpensslLab } from './test-support/openssl';

/** The injected "now" of these tests; openssl checks validity at this instant with -attime. */
const NOW = new Date('2030-06-15T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY);
const attime = ['-attime', String(Math.floor(NOW.getTime() / 1000))];

let lab: OpensslLab;
let caKeys: RsaKeyPair;
let partnerKeys: RsaKeyPair;
let ca: { der: Buffer; pem: string };

beforeAll(() => {
  lab = createOpensslLab();
  caKeys = generateRsaKeyPair();
  partnerKeys = generateRsaKeyPair();
  ca = createCertificate({
    subject: { commonName: 'Contoso Partner CA', organization: 'Contoso Ltd', country: 'NL' },
    publicKey: caKeys.publicKey,
    signingKey: caKeys.privateKey,
    notBefore: at(-365),
    notAfter: at(3650),
    isCa: true,
  });
  lab.write('ca.pem', ca.pem);
});

afterAll(() => lab.cleanup());

function issue(name: string, overrides: Partial<Parameters<typeof createCertificate>[0]> = {}) {
  const issued = createCertificate({
    subject: {
      commonName: `${name}.partner.example`,
      organization: 'Fabrikam',
      email: `b2b@${name}.partner.example`,
    },
    issuer: { certificate: ca.der, privateKey: caKeys.privateKey },
    publicKey: partnerKeys.publicKey,
    notBefore: at(-30),
    notAfter: at(365),
    keyUsage: ['keyEncipherment', 'dataEncipherment'],
    extendedKeyUsage: ['emailProtection'],
    ...overrides,
  });
  lab.write(`${name}.pem`, issued.pem);
  return { ...issued, path: lab.path(`${name}.pem`) };
}

function verify(path: string): string {
  try {
    return lab.text(['verify', ...attime, '-CAfile', 'ca.pem', path]).trim();
  } catch (error) {
    return (error as Error).message;
  }
}

describe('generateRsaKeyPair', () => {
  it('makes a 2048-bit pair with exponent 65537 whose private key belongs to its public key', () => {
    const keys = generateRsaKeyPair(2048);
    expect(keys.publicKey.n.bitLength()).toBe(2048);
    expect(keys.publicKey.e.toString()).toBe('65537');
    expect(keys.privateKey.p.multiply(keys.privateKey.q).equals(keys.publicKey.n)).toBe(true);
  });
});

describe('createCertificate', () => {
  it('makes a self-signed CA that openssl accepts as a trust anchor', () => {
    expect(verify(lab.path('ca.pem'))).toBe(`${lab.path('ca.pem')}: OK`);
    const text = lab.text(['x509', '-in', 'ca.pem', '-noout', '-ext', 'basicConstraints,keyUsage']);
    expect(text).toContain('CA:TRUE');
    expect(text).toContain('Certificate Sign, CRL Sign');
  });

  it('issues a partner certificate whose chain openssl verifies, with the key usage asked for', () => {
    const partner = issue('orders');
    expect(verify(partner.path)).toBe(`${partner.path}: OK`);
    const printed = lab.text([
      'x509',
      '-in',
      partner.path,
      '-noout',
      '-subject',
      '-issuer',
      '-nameopt',
      'RFC2253,-esc_msb,sep_comma_plus_space',
      '-ext',
      'keyUsage,extendedKeyUsage,subjectAltName',
    ]);
    expect(opensslField(printed, 'subject')).toBe(
      'emailAddress=b2b@orders.partner.example, CN=orders.partner.example, O=Fabrikam',
    );
    expect(opensslField(printed, 'issuer')).toBe('CN=Contoso Partner CA, O=Contoso Ltd, C=NL');
    expect(printed).toMatch(/X509v3 Key Usage: critical\n\s+Key Encipherment, Data Encipherment/);
    expect(printed).toMatch(/X509v3 Extended Key Usage: \n\s+E-mail Protection/);
    expect(printed).toContain('email:b2b@orders.partner.example');

    const parsed = parseCertificate(partner.der);
    expect(parsed.keyUsage).toEqual(['keyEncipherment', 'dataEncipherment']);
    expect(parsed.extendedKeyUsage).toEqual(['emailProtection']);
    expect(parsed.issuerCommonName).toBe('Contoso Partner CA');
    expect(parsed.publicKeySize).toBe(2048);
  });

  it('takes the CA as DER or as what createCertificate returned', () => {
    const partner = createCertificate({
      subject: { commonName: 'direct.partner.example' },
      issuer: { certificate: ca, privateKey: caKeys.privateKey },
      publicKey: partnerKeys.publicKey,
      notBefore: at(-1),
      notAfter: at(1),
    });
    lab.write('direct.pem', partner.pem);
    expect(verify(lab.path('direct.pem'))).toBe(`${lab.path('direct.pem')}: OK`);
  });

  it('makes the signing-only certificate of the demo group', () => {
    const signing = issue('signing', { keyUsage: ['digitalSignature', 'nonRepudiation'] });
    expect(verify(signing.path)).toBe(`${signing.path}: OK`);
    expect(lab.text(['x509', '-in', signing.path, '-noout', '-ext', 'keyUsage'])).toMatch(
      /Digital Signature, Non Repudiation/,
    );
    expect(parseCertificate(signing.der).keyUsage).toEqual(['digitalSignature', 'nonRepudiation']);
  });

  it('leaves KeyUsage out when asked with null', () => {
    const anyUsage = issue('any-usage', { keyUsage: null });
    expect(verify(anyUsage.path)).toBe(`${anyUsage.path}: OK`);
    expect(lab.text(['x509', '-in', anyUsage.path, '-noout', '-ext', 'keyUsage']).trim()).toBe('');
    expect(parseCertificate(anyUsage.der).keyUsage).toBeNull();
  });

  it('encodes every key usage bit, including decipherOnly in the second byte', () => {
    const every = issue('every', {
      keyUsage: [
        'digitalSignature',
        'nonRepudiation',
        'keyEncipherment',
        'dataEncipherment',
        'keyAgreement',
        'encipherOnly',
        'decipherOnly',
      ],
    });
    expect(lab.text(['x509', '-in', every.path, '-noout', '-ext', 'keyUsage'])).toContain(
      'Digital Signature, Non Repudiation, Key Encipherment, Data Encipherment, Key Agreement, Encipher Only, Decipher Only',
    );
  });

  it('sets validity from the injected clock: openssl sees it expired or not yet valid at that instant', () => {
    const expired = issue('expired', { notBefore: at(-400), notAfter: at(-1) });
    expect(verify(expired.path)).toContain('certificate has expired');
    const future = issue('future', { notBefore: at(1), notAfter: at(400) });
    expect(verify(future.path)).toContain('certificate is not yet valid');
    const parsed = parseCertificate(expired.der);
    expect(parsed.notAfter).toEqual(at(-1));
    expect(parsed.notBefore).toEqual(at(-400));
  });

  it('writes the serial number as a positive INTEGER', () => {
    expect(parseCertificate(issue('serial-a', { serialNumber: '0a1b' }).der).serialNumber).toBe('0A1B');
    const high = issue('serial-high', { serialNumber: 'F00D' });
    expect(parseCertificate(high.der).serialNumber).toBe('F00D');
    expect(opensslField(lab.text(['x509', '-in', high.path, '-noout', '-serial']), 'serial')).toBe('F00D');
    const random = parseCertificate(issue('serial-random').der).serialNumber;
    expect(random).toMatch(/^[0-7][0-9A-F]{31}$/);
  });

  it('keeps a Unicode subject readable', () => {
    const unicode = issue('unicode', { subject: { commonName: 'Zoë Müller 東京', organization: 'Ærø' } });
    expect(verify(unicode.path)).toBe(`${unicode.path}: OK`);
    expect(parseCertificate(unicode.der).subject).toBe('CN=Zoë Müller 東京, O=Ærø');
  });

  it('refuses options that would make a broken certificate', () => {
    const base = {
      subject: { commonName: 'x' },
      publicKey: partnerKeys.publicKey,
      signingKey: partnerKeys.privateKey,
      notBefore: at(0),
      notAfter: at(1),
    };
    expect(() => createCertificate({ ...base, signingKey: undefined })).toThrow(/signingKey/);
    expect(() => createCertificate({ ...base, keyUsage: [] })).toThrow(/pass null/);
    expect(() => createCertificate({ ...base, serialNumber: 'xyz' })).toThrow(/hexadecimal/);
    expect(() =>
      createCertificate({ ...base, subject: { commonName: 'x', country: 'Netherlands' } }),
    ).toThrow(/two capital letters/);
    expect(() => createCertificate({ ...base, extendedKeyUsage: ['emailprotection'] })).toThrow(/dotted OID/);
  });
});

describe('privateKeyToPem', () => {
  it('writes PKCS#8 that openssl reads and that round-trips', () => {
    const pem = privateKeyToPem(partnerKeys.privateKey);
    expect(pem.startsWith('-----BEGIN PRIVATE KEY-----\n')).toBe(true);
    lab.write('partner.key.pem', pem);
    expect(lab.text(['pkey', '-in', 'partner.key.pem', '-noout', '-text'])).toContain(
      'Private-Key: (2048 bit',
    );
    expect(privateKeyToPem(privateKeyFromPem(pem))).toBe(pem);
  });
});
